package dev.atelier.cli;

import dev.atelier.c2pa.C2paReport;
import dev.atelier.catalog.GenerationInput;
import dev.atelier.provenance.ProvenanceRecord;
import dev.atelier.provenance.ProvenanceVerifier;
import dev.atelier.provenance.ProvenanceVerifier.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code atelier verify FILE...}: checks images' provenance from the files alone: who made them,
 * with which model, under which license, and whether both signatures hold for these exact pixels.
 */
@Command(
    name = "verify",
    description =
        "Check images' provenance: creator, model, license, the EIP-712 and C2PA signatures, and"
            + " that the pixels are the signed ones. Exit 0 when every file verifies, 8 when one"
            + " does not, 3 when one is not a PNG image.",
    mixinStandardHelpOptions = true)
final class VerifyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "PNG files.")
  List<Path> files;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int code = ExitCodes.OK;
    for (Path file : files) {
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        err.println("atelier: no such file: " + file);
        code = ExitCodes.NOT_FOUND;
        continue;
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + file, e);
      }
      ProvenanceVerifier.Report report = ProvenanceVerifier.verify(bytes);
      if (report.verdict() == Verdict.NOT_A_PNG) {
        err.println("atelier: " + file + " is not a PNG image (" + notPngReason(bytes) + ")");
        code = code == ExitCodes.NOT_FOUND ? code : ExitCodes.BAD_INPUT;
        continue;
      }
      print(out, file, report);
      if (!report.valid() && code == ExitCodes.OK) {
        code = ExitCodes.UNVERIFIED;
      }
    }
    return code;
  }

  /** Why bytes that are not a PNG are refused, in words: empty, another format, or unknown. */
  static String notPngReason(byte[] bytes) {
    if (bytes.length == 0) {
      return "the file is empty";
    }
    if (bytes.length >= 3
        && (bytes[0] & 0xff) == 0xff
        && (bytes[1] & 0xff) == 0xd8
        && (bytes[2] & 0xff) == 0xff) {
      return "it is a JPEG; verify reads the provenance Atelier writes into PNG images";
    }
    return "it does not start with the PNG signature";
  }

  static void print(PrintWriter out, Path file, ProvenanceVerifier.Report report) {
    out.println(
        file
            + ": "
            + switch (report.verdict()) {
              case VERIFIED -> "VERIFIED";
              case NOT_VERIFIED -> "NOT VERIFIED";
              case NOT_SIGNED -> "NOT SIGNED";
              case NOT_A_PNG -> "NOT A PNG";
            });
    if (report.record() != null) {
      printRecord(out, report.record(), report);
    }
    C2paReport c2pa = report.c2pa();
    if (c2pa != null && c2pa.manifestPresent()) {
      row(
          out,
          "C2PA",
          (c2pa.valid() ? "manifest valid" : "manifest INVALID")
              + (c2pa.certificateSubject() != null
                  ? "; signed by "
                      + c2pa.certificateSubject()
                      + " (self-signed, not on a trust list)"
                  : ""));
      for (C2paReport.Ingredient in : c2pa.ingredients()) {
        row(out, "", ingredientWords(in));
      }
    }
    for (String p : report.problems()) {
      out.println("  ✗ " + p);
    }
  }

  /** The signed record's rows: who, with what, from what, under which license. */
  private static void printRecord(
      PrintWriter out, ProvenanceRecord r, ProvenanceVerifier.Report report) {
    row(out, "creator", r.creator() + " (" + signatureWords(report) + ")");
    row(out, "model", r.modelId() + " (weights " + r.weightsSha256().substring(0, 12) + "…)");
    row(out, "prompt", quote(r.prompt()) + negative(r.negativePrompt()));
    row(
        out,
        "settings",
        String.format(
            Locale.ROOT,
            "seed %d, %s, %d steps, guidance %s, %d×%d",
            r.seed(),
            r.sampler(),
            r.steps(),
            r.guidance(),
            r.width(),
            r.height()));
    for (GenerationInput in : r.inputs()) {
      row(
          out,
          "input",
          switch (in.role()) {
                case START_IMAGE -> "start picture, strength " + in.amount();
                case MASK -> "inpainting mask, blur " + blur(in.amount()) + " px";
                case LORA -> "LoRA, weight " + in.amount();
              }
              + " (file sha256 "
              + in.sha256()
              + ")");
    }
    if (r.hires() != null) {
      row(
          out,
          "hires",
          "scaled ×" + r.hires().scale() + ", refined at strength " + r.hires().strength());
    }
    row(
        out,
        "license",
        r.licenseId()
            + report
                .licenseTerms()
                .map(l -> " (" + l.name() + "; terms match Atelier's copy)")
                .orElse(" (terms hash " + r.termsSha256().substring(0, 12) + "…)"));
    row(out, "created", r.createdAt() + " with Atelier " + r.appVersion());
    row(
        out,
        "pixels",
        Boolean.TRUE.equals(report.pixelsMatch())
            ? "match the signed record"
            : "DO NOT match the signed record");
  }

  /**
   * The EIP-712 signature in words that agree with the verdict: "valid" only when the whole file
   * verifies.
   */
  private static String signatureWords(ProvenanceVerifier.Report report) {
    var sig = report.signature();
    String chain = "chain " + report.chainId();
    if (!sig.matches()) {
      return "EIP-712 signature INVALID"
          + (sig.recoveredSigner() != null ? ": it recovers " + sig.recoveredSigner() : "");
    }
    if (report.valid()) {
      return "EIP-712 signature valid, " + chain;
    }
    if (!report.signatureCoversFile()) {
      return "claimed: their EIP-712 signature, "
          + chain
          + ", is for a record of another image, not this file";
    }
    return "EIP-712 signature matches the record, " + chain + ", but other checks fail";
  }

  /** "ingredient parentOf: Start picture, strength 0.6 (file sha256 …)". */
  private static String ingredientWords(C2paReport.Ingredient in) {
    return "ingredient "
        + (in.relationship() != null ? in.relationship().word() : "(unknown relationship)")
        + ": "
        + (in.title() != null ? in.title() : in.label())
        + (in.fileSha256() != null
            ? " (file sha256 " + in.fileSha256() + ")"
            : in.instanceId() != null ? " (" + in.instanceId() + ")" : "");
  }

  private static void row(PrintWriter out, String name, String value) {
    out.printf("  %-9s %s%n", name, value);
  }

  /** A blur in pixels: whole numbers without a decimal point, as they were chosen. */
  private static String blur(double pixels) {
    return pixels == Math.rint(pixels) ? Long.toString((long) pixels) : Double.toString(pixels);
  }

  private static String quote(String s) {
    return "\"" + s + "\"";
  }

  private static String negative(String n) {
    return n == null || n.isEmpty() ? "" : ", negative " + quote(n);
  }
}
