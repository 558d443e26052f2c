package dev.archsim.aws;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Invokes the function under a Quarkus test through the Lambda mock event server. */
public final class MockEventServer {
  private MockEventServer() {}

  /**
   * Posts the event in {@code eventFile} (relative to the module) and returns the function's
   * answer.
   */
  public static JsonNode invoke(String eventFile) throws IOException {
    String response =
        given()
            .contentType("application/json")
            .body(Files.readString(Path.of(eventFile)))
            .when()
            .post("/")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    return new ObjectMapper().readTree(response);
  }
}
