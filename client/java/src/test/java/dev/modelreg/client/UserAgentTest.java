package dev.modelreg.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real server sees this client's user agent: it counts calls by client and version on its
 * /metrics ({@code modelreg_grpc_server_client_calls_total}), scraped here after real calls.
 */
class UserAgentTest {
  @Test
  @Timeout(120)
  void theServerCountsThisClientsCallsUnderItsUserAgent() throws Exception {
    try (ServerProcess server = ServerProcess.start("--http", "127.0.0.1:0")) {
      try (ModelregClient client = ModelregClient.builder(server.address).build()) {
        for (int i = 0; i < 3; i++) {
          client.eventHead();
        }
      }
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(server.dashboard + "metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode());
      String series = "modelreg_grpc_server_client_calls_total{client=\"modelreg-java\",version=\""
          + ModelregClient.VERSION + "\"} 3.0";
      assertTrue(response.body().contains(series), () -> response.body().lines()
          .filter(line -> line.contains("client_calls")).collect(Collectors.joining("\n")));
    }
  }
}
