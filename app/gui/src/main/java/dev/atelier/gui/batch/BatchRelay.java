package dev.atelier.gui.batch;

import dev.atelier.batch.BatchService;
import dev.atelier.catalog.BatchRepository;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.GenerationService;
import dev.atelier.generate.Pipeline;
import dev.atelier.gui.common.Lane;
import dev.atelier.gui.common.LatestOnScreen;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Carries a batch's progress from its lane to the {@link BatchModel} on the JavaFX thread; steps
 * are coalesced, so a fast model does not flood the screen. Updates of a run no longer shown are
 * dropped.
 */
final class BatchRelay implements BatchService.Listener {

  private final Lane lane;
  private final BooleanSupplier current;
  private final BatchModel model;
  private final LatestOnScreen<Step> steps;

  /** The item being made, on the batch lane. */
  private int item = -1;

  /** How far item {@code index} has got, 0 to 1. */
  record Step(int index, double fraction) {}

  /**
   * @param current whether this run is still the one shown (checked on the JavaFX thread)
   */
  BatchRelay(Lane lane, BooleanSupplier current, BatchModel model) {
    this.lane = lane;
    this.current = current;
    this.model = model;
    this.steps = new LatestOnScreen<>(this::show, model::stepped);
  }

  private void show(Runnable update) {
    lane.toScreen(
        () -> {
          if (current.getAsBoolean()) {
            update.run();
          }
        });
  }

  @Override
  public void onRunOpened(BatchRepository.Run run) {
    show(() -> model.opened(run));
  }

  @Override
  public void onItemStart(int index, int total, GenerationRequest request) {
    item = index;
    String prompt = request.prompt();
    show(() -> model.itemStarted(index, prompt));
  }

  @Override
  public void onItemDone(int index, int total, GenerationService.Outcome outcome) {
    List<RgbImage> images = outcome.result().images();
    RgbImage first = images.isEmpty() ? null : images.getFirst();
    show(() -> model.itemEnded(true, false, null, first));
  }

  @Override
  public void onItemSkipped(int index, int total) {
    show(() -> model.itemEnded(false, true, null, null));
  }

  @Override
  public void onItemFailed(int index, int total, String error) {
    show(() -> model.itemEnded(false, false, error, null));
  }

  @Override
  public Pipeline.Listener steps() {
    return new Pipeline.Listener() {
      @Override
      public void onStep(int step, int totalSteps) {
        steps.post(new Step(item, step / (double) Math.max(1, totalSteps)));
      }
    };
  }
}
