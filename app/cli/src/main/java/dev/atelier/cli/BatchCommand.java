package dev.atelier.cli;

import dev.atelier.Studio;
import dev.atelier.batch.BatchFile;
import dev.atelier.batch.BatchItem;
import dev.atelier.batch.BatchService;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.GenerationService;
import dev.atelier.generate.GenerationSession;
import dev.atelier.generate.Pipeline;
import dev.atelier.generate.PromptCheck;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code atelier batch FILE}: generate every prompt of a CSV or JSONL file; resumable. */
@Command(
    name = "batch",
    mixinStandardHelpOptions = true,
    description = {
      "Generate every prompt in a CSV (with header) or JSON Lines file.",
      "Fields: prompt, negative, seed, steps, cfg, sampler, variants, size.",
      "Creative fields, as generate's options: init_image, strength, mask, mask_blur,"
          + " invert_mask, loras (FILE[:WEIGHT];...), hires, hires_strength.",
      "File names are relative to the batch file's folder.",
      "Run the same command again after a stop to continue where it left off."
    })
final class BatchCommand implements Callable<Integer> {

  @ParentCommand AtelierCli root;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The prompts.")
  Path file;

  @Option(
      names = "--model",
      description = "Model id, name or folder (default: the first installed).")
  String model;

  @Option(
      names = "--out",
      defaultValue = ".",
      description = "Folder for the PNG files (default: here).")
  Path out;

  @Option(
      names = {"-n", "--variants"},
      defaultValue = "1",
      description = "Variants per prompt when the file does not say (default ${DEFAULT-VALUE}).")
  int variants;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    BatchFile batch = BatchFile.read(file);
    try (Studio studio = root.startStudio()) {
      GenerationSession session = studio.generation();
      ModelLibrary.Installed installed = session.find(model);
      List<BatchItem> items =
          BatchService.resolve(batch, GenerateCommand.load(session, installed, err), variants);
      adviseOnStyles(err, session, installed, items);
      try (Interrupts interrupts = Interrupts.install(err)) {
        BatchService.Summary summary =
            new BatchService(session, studio.catalog(), studio.clock())
                .run(batch, items, installed, this.out, listener(out, err), interrupts::cancelled);
        err.printf(
            "%d item(s): %d generated, %d already done, %d failed%n",
            summary.total(), summary.generated(), summary.skipped(), summary.failed());
        return summary.failed() == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
      }
    }
  }

  /** Names the lines in which the model finds no style, once, with the words it knows. */
  private static void adviseOnStyles(
      PrintWriter err,
      GenerationSession session,
      ModelLibrary.Installed installed,
      List<BatchItem> items) {
    List<Integer> lines = new ArrayList<>();
    PromptCheck.StyleAdvice advice = null;
    for (BatchItem item : items) {
      var a = session.advice(installed, item.prompt());
      if (a.isPresent()) {
        advice = a.get();
        lines.add(item.line());
      }
    }
    if (advice != null) {
      err.println("Line(s) " + joined(lines) + ":");
      GenerateCommand.warn(err, advice);
    }
  }

  private static String joined(List<Integer> lines) {
    return String.join(", ", lines.stream().map(String::valueOf).toList());
  }

  private static BatchService.Listener listener(PrintWriter out, PrintWriter err) {
    return new BatchService.Listener() {
      ProgressBar bar;

      @Override
      public void onItemStart(int index, int total, GenerationRequest request) {
        bar = new ProgressBar(err, String.format("[%d/%d]", index + 1, total));
      }

      @Override
      public Pipeline.Listener steps() {
        return new Pipeline.Listener() {
          @Override
          public void onStep(int step, int total) {
            bar.update(step, total, "");
          }
        };
      }

      @Override
      public void onItemDone(int index, int total, GenerationService.Outcome outcome) {
        bar.finish();
        bar = null;
        outcome.variants().forEach(a -> out.println(a.filePath()));
      }

      @Override
      public void onItemSkipped(int index, int total) {
        err.printf("[%d/%d] already done%n", index + 1, total);
      }

      @Override
      public void onItemFailed(int index, int total, String error) {
        if (bar != null) {
          bar.finish();
          bar = null;
        }
        err.printf("[%d/%d] failed: %s%n", index + 1, total, error);
      }
    };
  }
}
