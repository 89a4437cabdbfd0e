package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures reach the user in plain words: no Java class name ("ConnectException"). */
class PlainErrorsTest {

  @TempDir Path home;

  @Test
  void anRpcUrlThatRefusesConnectionsIsSaidInWords() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort;

    CliRun run =
        CliRun.of(home, "", "network", "add", "Nowhere", "--chain-id", "5", "--rpc-url", url);

    assertThat(run.code()).isEqualTo(ExitCodes.CHAIN);
    assertThat(run.err())
        .contains("Cannot reach RPC URL " + url + " (connection refused)")
        .doesNotContainPattern("[A-Z][A-Za-z]*(Exception|Error)\\b")
        .doesNotContain("java.");
  }
}
