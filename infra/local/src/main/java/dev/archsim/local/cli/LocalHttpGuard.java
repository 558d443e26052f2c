package dev.archsim.local.cli;

import dev.archsim.core.http.HttpAnswer;
import dev.archsim.core.run.RunViews;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What {@code archsim serve} checks before the runs API sees a request, so that a web page the user
 * visits cannot use the server: the {@code Host} must name this server (a DNS-rebinding page sends
 * its own name), an {@code Origin}, when sent, must be this server's (a browser sends one with
 * every cross-origin POST), a POST must be {@code application/json} or {@code application/yaml}
 * (the content types a page may send another origin without asking are not), and with a token every
 * request must carry it. The URLs the server returns are built from its own address, never from the
 * request.
 */
final class LocalHttpGuard {
  private final Set<String> hosts = new LinkedHashSet<>();
  private final String baseUrl;
  private final byte[] token;

  /**
   * @param bound the address the server listens on
   * @param port its port
   * @param extraHosts further host names clients use (without the port)
   * @param token the secret each request must send as a bearer token; null for none
   */
  LocalHttpGuard(InetAddress bound, int port, List<String> extraHosts, String token) {
    // the first is the server's own name, used in the URLs it returns
    if (!bound.isAnyLocalAddress()) {
      hosts.add(literal(bound) + ":" + port);
    }
    for (String h : extraHosts) {
      hosts.add(h.toLowerCase(Locale.ROOT) + ":" + port);
    }
    if (bound.isLoopbackAddress() || bound.isAnyLocalAddress()) {
      hosts.add("127.0.0.1:" + port);
      hosts.add("localhost:" + port);
      hosts.add("[::1]:" + port);
    }
    if (port == 80) {
      for (String h : Set.copyOf(hosts)) {
        hosts.add(h.substring(0, h.lastIndexOf(':')));
      }
    }
    this.baseUrl = "http://" + hosts.iterator().next();
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  /** The server's own URL, for the run URLs it returns. */
  String baseUrl() {
    return baseUrl;
  }

  /** Null when the request may go on, else the answer refusing it. */
  HttpAnswer check(String method, Map<String, String> headers) {
    return check(method, headers, false);
  }

  /**
   * As {@link #check(String, Map)}; a public asset (the web app's static files, which hold no data)
   * needs no token, so that a browser can load the page that then asks for it.
   */
  HttpAnswer check(String method, Map<String, String> headers, boolean publicAsset) {
    String host = headers.getOrDefault("host", "").toLowerCase(Locale.ROOT).strip();
    if (!hosts.contains(host)) {
      return HttpAnswer.json(
          421,
          RunViews.error(
              "Host '"
                  + host
                  + "' is not this server; use one of "
                  + hosts
                  + " (archsim serve --allowed-host NAME adds one)",
              List.of()));
    }
    String origin = headers.get("origin");
    if (origin != null && !hosts.contains(stripScheme(origin))) {
      return HttpAnswer.json(
          403,
          RunViews.error("requests from another origin (" + origin + ") are refused", List.of()));
    }
    if (token != null && !publicAsset) {
      String auth = headers.getOrDefault("authorization", "");
      byte[] sent =
          auth.regionMatches(true, 0, "Bearer ", 0, 7)
              ? auth.substring(7).strip().getBytes(StandardCharsets.UTF_8)
              : new byte[0];
      if (!MessageDigest.isEqual(sent, token)) {
        return new HttpAnswer(
            401,
            Map.of("Content-Type", "application/json", "WWW-Authenticate", "Bearer"),
            RunViews.error("send the server's token as 'Authorization: Bearer TOKEN'", List.of()));
      }
    }
    if ("POST".equals(method) && !json(headers.getOrDefault("content-type", ""))) {
      return HttpAnswer.json(
          415,
          RunViews.error(
              "send the scenario as 'Content-Type: application/json' (or application/yaml);"
                  + " found '"
                  + headers.getOrDefault("content-type", "none")
                  + "'",
              List.of()));
    }
    return null;
  }

  private static boolean json(String contentType) {
    String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    // none of these is a type a page may POST cross-origin without asking (CORS-safelisted)
    return type.equals("application/json")
        || type.equals("application/yaml")
        || type.equals("application/x-yaml")
        || type.equals("text/yaml");
  }

  private static String stripScheme(String origin) {
    String o = origin.strip().toLowerCase(Locale.ROOT);
    return o.startsWith("http://") ? o.substring("http://".length()) : "\0";
  }

  private static String literal(InetAddress a) {
    String s = a.getHostAddress();
    if (a instanceof Inet6Address) {
      int zone = s.indexOf('%');
      return "[" + (zone < 0 ? s : s.substring(0, zone)) + "]";
    }
    return s;
  }
}
