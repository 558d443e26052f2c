package dev.archsim.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who owns the runs a request submits and may read: a principal that the caller cannot choose.
 *
 * <p>Behind the IAM authorizer API Gateway's HTTP API passes {@code accountId}, {@code callerId},
 * {@code principalOrgId}, {@code userArn}, {@code userId} and, for Cognito identity pool
 * credentials, {@code cognitoIdentity}. It passes no session tags and no source identity. For an
 * assumed role, {@code userArn} is the session's ARN ({@code
 * arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION}) and {@code userId} is {@code ROLEID:SESSION};
 * the session name is whatever the caller passed to {@code AssumeRole}, so it identifies nobody.
 * The owner is therefore:
 *
 * <ul>
 *   <li>an assumed role: the role's ARN, {@code arn:aws:iam::ACCOUNT:role/ROLE} (every session of
 *       the role, whatever its name, is one owner; two roles are two owners);
 *   <li>Cognito identity pool credentials: {@code cognito:} and the identity id, since every
 *       identity of a pool assumes the pool's same role;
 *   <li>an IAM user, the account root, a federated user: {@code userArn} as given;
 *   <li>the JWT authorizer: {@code jwt:} and the token's {@code sub}.
 * </ul>
 */
final class CallerIdentity {
  private CallerIdentity() {}

  /** {@code arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION}; role names have no '/'. */
  private static final Pattern ASSUMED_ROLE =
      Pattern.compile("arn:([a-z0-9-]+):sts::(\\d{12}):assumed-role/([^/]+)/.+");

  /** The owner of the call; null when unauthenticated. */
  static String owner(APIGatewayV2HTTPEvent.RequestContext ctx) {
    if (ctx == null || ctx.getAuthorizer() == null) {
      return null;
    }
    var auth = ctx.getAuthorizer();
    if (auth.getIam() != null) {
      return iamOwner(auth.getIam());
    }
    if (auth.getJwt() != null
        && auth.getJwt().getClaims() != null
        && auth.getJwt().getClaims().get("sub") != null) {
      return "jwt:" + auth.getJwt().getClaims().get("sub");
    }
    return null;
  }

  static String iamOwner(APIGatewayV2HTTPEvent.RequestContext.IAM iam) {
    var cognito = iam.getCognitoIdentity();
    if (cognito != null && cognito.getIdentityId() != null && !cognito.getIdentityId().isBlank()) {
      return "cognito:" + cognito.getIdentityId();
    }
    String arn = iam.getUserArn();
    if (arn == null || arn.isBlank()) {
      return null;
    }
    Matcher role = ASSUMED_ROLE.matcher(arn);
    if (role.matches()) {
      return "arn:" + role.group(1) + ":iam::" + role.group(2) + ":role/" + role.group(3);
    }
    return arn;
  }
}
