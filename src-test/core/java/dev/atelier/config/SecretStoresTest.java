package dev.atelier.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.config.SecretException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which store a secret goes to, and the keyring store's use of {@code secret-tool}, checked against
 * a stand-in script that keeps items in files and complains as the real one does without a keyring.
 */
class SecretStoresTest {

  @TempDir Path dir;

  /** A stand-in for {@code secret-tool}: store, lookup and clear by the last attribute's value. */
  private Path fakeSecretTool(boolean keyringAnswers) throws IOException {
    Path items = Files.createDirectories(dir.resolve("items"));
    String script =
        keyringAnswers
            ? """
            #!/bin/sh
            cmd=$1; shift
            [ "$cmd" = store ] && shift
            [ "$1 $2 $3" = "application atelier atelier-secret" ] || { echo "bad args" >&2; exit 2; }
            case $cmd in
              store) cat > "%1$s/$4" ;;
              lookup) [ -f "%1$s/$4" ] || exit 1; cat "%1$s/$4" ;;
              clear) rm -f "%1$s/$4" ;;
            esac
            """
                .formatted(items)
            : """
            #!/bin/sh
            echo "secret-tool: Cannot autolaunch D-Bus without X11 \\$DISPLAY" >&2
            exit 1
            """;
    Path tool = dir.resolve(keyringAnswers ? "bin/secret-tool" : "broken/secret-tool");
    Files.createDirectories(tool.getParent());
    Files.writeString(tool, script);
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));
    return tool;
  }

  private SecretStores stores(Optional<Path> tool, String forced) {
    SecureRandom random = new SecureRandom();
    return new SecretStores(
        new KeyFileSecretStore(dir.resolve("secrets"), random),
        tool.map(t -> new SecretServiceStore(t, random)),
        forced);
  }

  @Test
  void theKeyringIsUsedWhenItAnswers() throws IOException {
    Path tool = fakeSecretTool(true);
    assertThat(SecretServiceStore.findTool(tool.getParent() + ":/nonexistent")).contains(tool);
    SecretStores stores = stores(Optional.of(tool), null);

    String ref = stores.put("RPC URL of Sepolia", "https://x.example/v2/KEY");
    assertThat(ref).startsWith("keyring:");
    assertThat(stores.describe()).contains("system keyring");
    assertThat(stores.get(ref)).isEqualTo("https://x.example/v2/KEY");
    assertThat(dir.resolve("secrets")).doesNotExist();

    stores.remove(ref);
    assertThatThrownBy(() -> stores.get(ref))
        .isInstanceOf(SecretException.class)
        .hasMessageContaining("has no Atelier secret")
        .extracting(e -> ((SecretException) e).reason())
        .isEqualTo(Reason.MISSING);
  }

  @Test
  void aKeyringThatDoesNotAnswerLeavesSecretsToTheKeyFile() throws IOException {
    Path broken = fakeSecretTool(false);
    SecretStores stores = stores(Optional.of(broken), null);
    String ref = stores.put("RPC URL of Sepolia", "https://x.example/v2/KEY");
    assertThat(ref).startsWith("file:");
    assertThat(stores.get(ref)).isEqualTo("https://x.example/v2/KEY");

    assertThatThrownBy(() -> stores.get("keyring:0123"))
        .isInstanceOf(SecretException.class)
        .hasMessageContaining("did not answer")
        .hasMessageContaining("Cannot autolaunch D-Bus")
        .extracting(e -> ((SecretException) e).reason())
        .isEqualTo(Reason.UNAVAILABLE);
  }

  @Test
  void theFileCanBeForcedAndAKeyringSecretWithoutTheToolIsSaidPlainly() throws IOException {
    SecretStores forced = stores(Optional.of(fakeSecretTool(true)), "file");
    assertThat(forced.put("a", "b")).startsWith("file:");

    SecretStores noTool = stores(Optional.empty(), null);
    assertThatThrownBy(() -> noTool.get("keyring:0123"))
        .hasMessageContaining("secret-tool (libsecret-tools) is not installed");
    assertThatThrownBy(() -> noTool.get("nonsense"))
        .isInstanceOf(SecretException.class)
        .hasMessageContaining("Not a reference");
  }

  @Test
  void aSecretMovedToAnotherEntryDoesNotDecrypt() throws IOException {
    SecretStores stores = SecretStores.fileOnly(dir.resolve("secrets"));
    String a = stores.put("a", "first secret");
    String b = stores.put("b", "second secret");
    Path file = dir.resolve("secrets/secrets.properties");
    String idA = a.substring("file:".length());
    String idB = b.substring("file:".length());
    String text = Files.readString(file);
    String sealedA = text.lines().filter(l -> l.startsWith(idA + "=")).findFirst().orElseThrow();
    String swapped =
        text.lines()
            .map(l -> l.startsWith(idB + "=") ? idB + sealedA.substring(idA.length()) : l)
            .reduce("", (x, y) -> x + y + "\n");
    Files.writeString(file, swapped);
    assertThat(stores.get(a)).isEqualTo("first secret");
    assertThatThrownBy(() -> stores.get(b))
        .isInstanceOf(SecretException.class)
        .extracting(e -> ((SecretException) e).reason())
        .isEqualTo(Reason.UNREADABLE);
  }
}
