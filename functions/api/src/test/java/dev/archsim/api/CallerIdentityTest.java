package dev.archsim.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.core.run.SubmitRun;
import dev.archsim.engine.sim.SimulationListener;
import dev.archsim.local.adapters.LocalPipeline;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Who owns a run behind each authorizer, as API Gateway's HTTP API describes the caller: an assumed
 * role is its role whatever the session name the caller chose.
 */
class CallerIdentityTest {
  static final String ACCOUNT = "123456789012";
  final ObjectMapper json = new ObjectMapper();
  final LocalPipeline pipeline =
      new LocalPipeline(
          2, new SubmitRun.Settings(2, Duration.ofDays(1), 50), e -> {}, SimulationListener.NONE);
  final RunsApiHandler handler =
      new RunsApiHandler(pipeline.submitRun(), pipeline.getRun(), pipeline.cancelRun(), 64 * 1024);

  @AfterEach
  void close() {
    pipeline.close();
  }

  /**
   * The IAM context of a session of {@code role} named {@code session}, as API Gateway sends it.
   */
  static APIGatewayV2HTTPEvent asRole(APIGatewayV2HTTPEvent e, String role, String session) {
    var iam = e.getRequestContext().getAuthorizer().getIam();
    String roleId = "AROA" + Integer.toHexString(role.hashCode()).toUpperCase();
    iam.setUserArn("arn:aws:sts::" + ACCOUNT + ":assumed-role/" + role + "/" + session);
    iam.setUserId(roleId + ":" + session);
    iam.setCallerId(roleId + ":" + session);
    iam.setAccessKey("ASIAEXAMPLE");
    return e;
  }

  static APIGatewayV2HTTPEvent asCognito(APIGatewayV2HTTPEvent e, String identityId) {
    asRole(e, "Cognito_archsimAuth_Role", "CognitoIdentityCredentials");
    var cognito = new APIGatewayV2HTTPEvent.RequestContext.CognitoIdentity();
    cognito.setIdentityId(identityId);
    cognito.setIdentityPoolId("us-east-1:11111111-2222-3333-4444-555555555555");
    cognito.setAmr(java.util.List.of("authenticated"));
    e.getRequestContext().getAuthorizer().getIam().setCognitoIdentity(cognito);
    return e;
  }

  String submit(APIGatewayV2HTTPEvent post) throws Exception {
    APIGatewayV2HTTPResponse r = handler.handleRequest(post, null);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(202);
    return json.readTree(r.getBody()).get("runId").asText();
  }

  int read(APIGatewayV2HTTPEvent get) {
    return handler.handleRequest(get, null).getStatusCode();
  }

  @Test
  void sessionsOfOneRoleShareItsRunsWhateverTheirNames() throws Exception {
    String id = submit(asRole(RunsApiHandlerTest.post(), "analyst", "alice"));
    assertThat(read(asRole(RunsApiHandlerTest.get(id), "analyst", "alice"))).isEqualTo(200);
    // a re-assumed role under another session name keeps its runs
    assertThat(read(asRole(RunsApiHandlerTest.get(id), "analyst", "alice-laptop"))).isEqualTo(200);
    // and its keyed retry from the new session is the same run
    APIGatewayV2HTTPResponse again =
        handler.handleRequest(asRole(RunsApiHandlerTest.post(), "analyst", "botocore-123"), null);
    JsonNode retried = json.readTree(again.getBody());
    assertThat(retried.get("runId").asText()).isEqualTo(id);
    assertThat(retried.get("created").asBoolean()).isFalse();
    assertThat(pipeline.getRun().get("arn:aws:iam::" + ACCOUNT + ":role/analyst", id).runId())
        .isEqualTo(id);
    pipeline.awaitTerminal(id);
  }

  @Test
  void anotherRoleNamingItsSessionAfterTheOwnerReadsNothing() throws Exception {
    String id = submit(asRole(RunsApiHandlerTest.post(), "analyst", "alice"));
    assertThat(read(asRole(RunsApiHandlerTest.get(id), "intern", "alice"))).isEqualTo(404);
    // the same role name in another account is another role
    APIGatewayV2HTTPEvent elsewhere = RunsApiHandlerTest.get(id);
    elsewhere
        .getRequestContext()
        .getAuthorizer()
        .getIam()
        .setUserArn("arn:aws:sts::999999999999:assumed-role/analyst/alice");
    assertThat(read(elsewhere)).isEqualTo(404);
    // the role's session is not the IAM user of the same name
    assertThat(read(RunsApiHandlerTest.get(id))).isEqualTo(404);
    // the same key under another role is another run
    String other = submit(asRole(RunsApiHandlerTest.post(), "intern", "alice"));
    assertThat(other).isNotEqualTo(id);
    pipeline.awaitTerminal(id);
    pipeline.awaitTerminal(other);
  }

  @Test
  void anIamUserAndAJwtSubjectOwnAsBefore() throws Exception {
    String user = submit(RunsApiHandlerTest.post());
    assertThat(pipeline.getRun().get(RunsApiHandlerTest.IAM_USER, user).owner())
        .isEqualTo("arn:aws:iam::123456789012:user/alice");
    APIGatewayV2HTTPEvent jwtPost = RunsApiHandlerTest.viaJwt(RunsApiHandlerTest.post(), "sub-1");
    String jwt = submit(jwtPost);
    assertThat(pipeline.getRun().get("jwt:sub-1", jwt).owner()).isEqualTo("jwt:sub-1");
    assertThat(read(RunsApiHandlerTest.viaJwt(RunsApiHandlerTest.get(user), "sub-1")))
        .isEqualTo(404);
    pipeline.awaitTerminal(user);
    pipeline.awaitTerminal(jwt);
  }

  @Test
  void cognitoIdentitiesOfOnePoolRoleAreDistinctOwners() throws Exception {
    String id = submit(asCognito(RunsApiHandlerTest.post(), "us-east-1:aaaa"));
    assertThat(read(asCognito(RunsApiHandlerTest.get(id), "us-east-1:aaaa"))).isEqualTo(200);
    assertThat(read(asCognito(RunsApiHandlerTest.get(id), "us-east-1:bbbb"))).isEqualTo(404);
    // the pool's role without the identity is not that identity
    assertThat(read(asRole(RunsApiHandlerTest.get(id), "Cognito_archsimAuth_Role", "x")))
        .isEqualTo(404);
    pipeline.awaitTerminal(id);
  }

  @Test
  void theOwnerOfEachKindOfPrincipal() {
    Map<String, String> owners =
        Map.of(
            "arn:aws:sts::123456789012:assumed-role/analyst/alice@example.com",
            "arn:aws:iam::123456789012:role/analyst",
            "arn:aws-cn:sts::123456789012:assumed-role/AWSReservedSSO_Dev_0123/bob",
            "arn:aws-cn:iam::123456789012:role/AWSReservedSSO_Dev_0123",
            "arn:aws:iam::123456789012:user/division/alice",
            "arn:aws:iam::123456789012:user/division/alice",
            "arn:aws:iam::123456789012:root",
            "arn:aws:iam::123456789012:root",
            "arn:aws:sts::123456789012:federated-user/carol",
            "arn:aws:sts::123456789012:federated-user/carol");
    owners.forEach(
        (arn, owner) -> {
          var iam = new APIGatewayV2HTTPEvent.RequestContext.IAM();
          iam.setUserArn(arn);
          assertThat(CallerIdentity.iamOwner(iam)).as(arn).isEqualTo(owner);
        });
    var none = new APIGatewayV2HTTPEvent.RequestContext.IAM();
    assertThat(CallerIdentity.iamOwner(none)).isNull();
  }
}
