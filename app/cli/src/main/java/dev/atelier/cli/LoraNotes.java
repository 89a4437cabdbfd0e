package dev.atelier.cli;

import dev.atelier.diffusion.sd.lora.IgnoredKey;
import dev.atelier.diffusion.sd.lora.LoraReport;
import java.io.PrintWriter;

/**
 * What the command line says about the LoRAs a generation merged: each file and what it left out.
 */
final class LoraNotes {

  /** How many keys left out are named before "and N more". */
  private static final int NAMED = 5;

  private LoraNotes() {}

  static void print(LoraReport report, PrintWriter err) {
    for (LoraReport.Applied lora : report.loras()) {
      err.printf(
          "LoRA %s (sha256 %s…) at weight %s: %d module(s) merged%n",
          lora.file().getFileName(),
          lora.sha256().substring(0, 12),
          lora.weight(),
          lora.mergedModules());
      if (!lora.unmatched().isEmpty()) {
        StringBuilder named = new StringBuilder();
        int shown = Math.min(NAMED, lora.unmatched().size());
        for (int i = 0; i < shown; i++) {
          IgnoredKey k = lora.unmatched().get(i);
          named
              .append(i == 0 ? "" : "; ")
              .append(k.key())
              .append(" (")
              .append(k.reason())
              .append(')');
        }
        if (lora.unmatched().size() > shown) {
          named.append("; and ").append(lora.unmatched().size() - shown).append(" more");
        }
        err.printf(
            "Note: %d key(s) of %s were not applied: %s%n",
            lora.unmatched().size(), lora.file().getFileName(), named);
      }
    }
  }
}
