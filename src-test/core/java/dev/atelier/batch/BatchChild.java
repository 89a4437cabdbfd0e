package dev.atelier.batch;

import dev.atelier.catalog.Catalog;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.GenerationService;
import dev.atelier.generate.GenerationSession;
import dev.atelier.task.CancellationToken;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Child-process side of {@link BatchResumeTest}: runs a batch and reports each item on stdout until
 * it is killed. Arguments: catalog file, model folder, batch file, output folder.
 */
public final class BatchChild {

  private BatchChild() {}

  public static void main(String[] args) throws Exception {
    ModelLibrary library = new ModelLibrary(List.of(Path.of(args[1]).getParent()));
    ModelLibrary.Installed installed = library.find(args[1]);
    try (Catalog catalog = Catalog.open(Path.of(args[0]));
        GenerationSession session = new GenerationSession(library, catalog, Clock.systemUTC())) {
      BatchFile file = BatchFile.read(Path.of(args[2]));
      List<BatchItem> requests = BatchService.resolve(file, session.load(installed), 1);
      new BatchService(session, catalog, Clock.systemUTC())
          .run(
              file,
              requests,
              installed,
              Path.of(args[3]),
              new BatchService.Listener() {
                @Override
                public void onItemStart(int index, int total, GenerationRequest request) {
                  System.out.println("start " + index);
                  System.out.flush();
                }

                @Override
                public void onItemDone(int index, int total, GenerationService.Outcome outcome) {
                  System.out.println("done " + index);
                  System.out.flush();
                }
              },
              CancellationToken.NONE);
      System.out.println("finished");
    }
  }
}
