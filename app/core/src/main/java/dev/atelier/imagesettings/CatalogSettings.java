package dev.atelier.imagesettings;

import dev.atelier.catalog.Asset;
import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.Generation;
import dev.atelier.catalog.GenerationInput;
import dev.atelier.catalog.ModelEntry;
import dev.atelier.diffusion.sampling.SamplerKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings a picture in the catalog was made with, from the catalog's rows: its generation's
 * prompts, sampler, steps, guidance and size, the picture's own seed, the model by id and weights
 * hash, the LoRAs by file hash and weight, the start picture's strength and the hires pass. The
 * same {@link ImageSettings} as an image file gives, so the front ends restore both one way.
 */
public final class CatalogSettings {

  private CatalogSettings() {}

  /**
   * The settings asset {@code assetId} was made with.
   *
   * @throws IllegalArgumentException when the catalog has no such asset or no generation for it
   */
  public static ImageSettings of(Catalog catalog, long assetId) {
    Asset asset =
        catalog
            .assets()
            .find(assetId)
            .orElseThrow(
                () -> new IllegalArgumentException("Asset " + assetId + " is not in the catalog"));
    Generation g =
        catalog
            .generations()
            .find(asset.generationId())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "The catalog has no generation for asset " + assetId));
    List<String> notes = new ArrayList<>();
    SamplerKind sampler = null;
    try {
      sampler = SamplerKind.fromId(g.sampler());
    } catch (IllegalArgumentException e) {
      notes.add("Sampler \"" + g.sampler() + "\" is not one this Atelier has");
    }
    List<ImageSettings.Lora> loras = new ArrayList<>();
    Double startStrength = null;
    for (GenerationInput in : catalog.generations().inputs(g.id())) {
      if (in.role() == GenerationInput.Role.START_IMAGE) {
        startStrength = in.amount();
      } else if (in.role() == GenerationInput.Role.LORA) {
        loras.add(new ImageSettings.Lora(null, in.sha256(), in.amount()));
      }
    }
    ImageSettings.Hires hires =
        catalog
            .generations()
            .hires(g.id())
            .map(h -> new ImageSettings.Hires(h.scale(), h.strength()))
            .orElse(null);
    String weights = catalog.models().find(g.modelId()).map(ModelEntry::weightsSha256).orElse(null);
    return new ImageSettings(
        ImageSettings.Source.CATALOG,
        g.prompt(),
        g.negativePrompt(),
        asset.seed(),
        sampler,
        g.sampler(),
        g.steps(),
        g.guidance(),
        g.width(),
        g.height(),
        g.modelId(),
        weights,
        loras,
        hires,
        startStrength,
        true,
        notes);
  }
}
