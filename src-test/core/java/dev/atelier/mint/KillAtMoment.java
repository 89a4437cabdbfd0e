package dev.atelier.mint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.chain.Devnet;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The crash tests' kill: runs a minting child process ({@link MintCrashChild}, {@link
 * BatchCrashChild}) on the devnet and kills it (SIGKILL: no shutdown hooks, no clean-up) the moment
 * it says it reached {@code moment} ({@link MintCrashChild#hangingAt}).
 *
 * <p>Killed once {@code SENT}, the transaction must not be mined yet, so blocks are held while the
 * child runs; then the node also forgets it (restarted, pool flushed), so recovery must send it
 * again.
 */
final class KillAtMoment {

  private KillAtMoment() {}

  /**
   * @param child the child's main class
   * @param arguments its arguments after the studio home, RPC URL and chain id ({@code home} first)
   * @return the line the child printed at the moment: "at STATE job ID tx HASH"
   */
  static String kill(Devnet devnet, String moment, Class<?> child, String home, String... arguments)
      throws Exception {
    boolean holdBlocks = moment.equals("SENT");
    devnet.rpc().call("evm_setAutomine", !holdBlocks);
    try {
      String seen = runUntil(devnet, moment, child, home, arguments);
      if (holdBlocks) {
        String hash = seen.substring(seen.indexOf(" tx ") + 4);
        devnet.rpc().call("anvil_dropTransaction", hash);
      }
      return seen;
    } finally {
      devnet.rpc().call("evm_setAutomine", true);
    }
  }

  private static String runUntil(
      Devnet devnet, String moment, Class<?> child, String home, String... arguments)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            child.getName(),
            home,
            devnet.rpcUrl(),
            Long.toString(Devnet.CHAIN_ID)));
    command.addAll(List.of(arguments));
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        lines.add(line);
        if (line.startsWith("at ")) {
          process.destroyForcibly(); // SIGKILL
          return line;
        }
      }
    } finally {
      process.destroyForcibly();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    throw new AssertionError("The child never reached " + moment + ": " + lines);
  }
}
