package dev.atelier.generate;

import dev.atelier.diffusion.DiffusionModel;
import dev.atelier.diffusion.sd.SdCheckpointModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The creative controls of one generation as a front end is given them (a start picture and its
 * strength, an inpainting mask with its blur and direction, a hires pass), and the one set of rules
 * that turns them into a request's inputs: which control needs which, the defaults, the limits, and
 * reading the files through their readers and limits ({@link StartImages}, {@link InpaintMasks}).
 * The command line and batch files both go through it, so they take the same values and refuse the
 * same mistakes in the same words, each naming the controls its own way ({@link Names}). Every
 * mistake is an {@link OptionException} that says which control is at fault.
 *
 * @param initImage the start picture's file, or null to start from noise
 * @param strength the start picture's strength, or null for the default
 * @param mask the inpainting mask's file, or null for none
 * @param maskBlur the seam's blur in pixels, or null for the default at the request's size
 * @param invertMask paint again where the mask is black rather than white
 * @param hires the hires pass's scale, or null for no hires pass
 * @param hiresStrength the hires pass's strength, or null for {@link
 *     GenerationRequest.Hires#DEFAULT_STRENGTH}
 */
public record CreativeOptions(
    Path initImage,
    Double strength,
    Path mask,
    Integer maskBlur,
    boolean invertMask,
    Double hires,
    Double hiresStrength) {

  /** The controls, for naming the one at fault. */
  public enum Control {
    INIT_IMAGE,
    STRENGTH,
    MASK,
    MASK_BLUR,
    INVERT_MASK,
    LORA,
    HIRES,
    HIRES_STRENGTH
  }

  /** How a front end writes a control's name in its messages ("--init-image", "init_image"). */
  @FunctionalInterface
  public interface Names {
    String of(Control control);
  }

  /** A control's value that cannot be used; the message is in the front end's names. */
  public static final class OptionException extends IllegalArgumentException {
    private final Control control;

    public OptionException(Control control, String message) {
      super(message);
      this.control = Objects.requireNonNull(control);
    }

    OptionException(Control control, IllegalArgumentException cause) {
      super(cause.getMessage(), cause);
      this.control = Objects.requireNonNull(control);
    }

    /** The control at fault. */
    public Control control() {
      return control;
    }
  }

  /** No creative controls: text to image. */
  public static final CreativeOptions NONE =
      new CreativeOptions(null, null, null, null, false, null, null);

  /**
   * The hires pass asked for, at {@link #hiresStrength} or else the default.
   *
   * @return null when {@link #hires} is not given
   * @throws OptionException when the strength is given without a scale, or either is out of range
   */
  public GenerationRequest.Hires hiresPass(Names names) {
    needs(names, hiresStrength != null, Control.HIRES_STRENGTH, hires != null, Control.HIRES, "");
    if (hires == null) {
      return null;
    }
    double s = hiresStrength != null ? hiresStrength : GenerationRequest.Hires.DEFAULT_STRENGTH;
    check(Control.HIRES, () -> GenerationRequest.Hires.requireScale(hires));
    check(Control.HIRES_STRENGTH, () -> GenerationRequest.Hires.requireStrength(s));
    return new GenerationRequest.Hires(hires, s);
  }

  /**
   * The start picture read from {@link #initImage}, at {@link #strength} or else {@code
   * fallbackStrength} ({@link GenerationRequest.StartImage#DEFAULT_STRENGTH} unless the front end
   * knows better).
   *
   * @return null when {@link #initImage} is not given
   * @throws OptionException when the strength is given without a picture or is out of range, or the
   *     file cannot be read as a picture within the limits
   */
  public GenerationRequest.StartImage startImage(Names names, double fallbackStrength) {
    needs(names, strength != null, Control.STRENGTH, initImage != null, Control.INIT_IMAGE, "");
    if (initImage == null) {
      return null;
    }
    double s = strength != null ? strength : fallbackStrength;
    check(Control.STRENGTH, () -> GenerationRequest.StartImage.requireStrength(s));
    try {
      return StartImages.read(initImage, s);
    } catch (IllegalArgumentException e) {
      throw new OptionException(Control.INIT_IMAGE, e);
    }
  }

  /**
   * The mask read from {@link #mask}, as the file has it, with {@link #maskBlur} (0 when not
   * given): {@link #apply} inverts it when asked and sets the default blur once the size is known.
   *
   * @return null when {@link #mask} is not given
   * @throws OptionException when the blur or the inversion is given without a mask, the mask
   *     without a start picture, the blur is out of range, or the file cannot be read as a picture
   *     within the limits
   */
  public GenerationRequest.InpaintMask inpaintMask(Names names) {
    needs(names, maskBlur != null, Control.MASK_BLUR, mask != null, Control.MASK, "");
    needs(names, invertMask, Control.INVERT_MASK, mask != null, Control.MASK, "");
    needs(
        names,
        mask != null,
        Control.MASK,
        initImage != null,
        Control.INIT_IMAGE,
        ": the mask says which part of that picture to paint again");
    if (mask == null) {
      return null;
    }
    int blur = maskBlur != null ? maskBlur : 0;
    check(Control.MASK_BLUR, () -> GenerationRequest.InpaintMask.requireBlur(blur));
    try {
      return InpaintMasks.read(mask, blur);
    } catch (IllegalArgumentException e) {
      throw new OptionException(Control.MASK, e);
    }
  }

  /**
   * {@code request} with these inputs (each null or empty for none), in the order that lets each be
   * checked against the ones before: the start picture, the hires pass, the LoRAs, then the mask as
   * {@link #inpaintMask} read it: inverted when {@link #invertMask} says so, and blurred by {@link
   * #maskBlur} when it was given and else by {@link GenerationRequest.InpaintMask#defaultBlur} at
   * the request's size.
   *
   * @throws OptionException when the request refuses one of them: the start's strength runs no
   *     step, the hires pass refines nothing, or the mask does not fit the picture or the pass
   */
  public GenerationRequest apply(
      GenerationRequest request,
      GenerationRequest.StartImage start,
      GenerationRequest.InpaintMask inpaint,
      GenerationRequest.Hires pass,
      List<GenerationRequest.LoraChoice> loras) {
    GenerationRequest out = request;
    try {
      out = out.withStart(start);
    } catch (IllegalArgumentException e) {
      throw new OptionException(Control.STRENGTH, e);
    }
    try {
      out = out.withHires(pass);
    } catch (IllegalArgumentException e) {
      throw new OptionException(Control.HIRES_STRENGTH, e);
    }
    out = out.withLoras(loras);
    if (inpaint == null) {
      return out;
    }
    GenerationRequest.InpaintMask turned = invertMask ? inpaint.inverted() : inpaint;
    GenerationRequest.InpaintMask blurred =
        maskBlur != null
            ? turned
            : turned.withBlur(GenerationRequest.InpaintMask.defaultBlur(out.width(), out.height()));
    try {
      return out.withMask(blurred);
    } catch (IllegalArgumentException e) {
      throw new OptionException(Control.MASK, e);
    }
  }

  /**
   * A LoRA written as {@code FILE[:WEIGHT]}: the weight is what follows the last colon when that is
   * a number, else the weight is 1 and the colon is part of the file's name.
   *
   * @param folder the folder a relative file name is in; null for the working directory
   * @throws OptionException when the weight is out of range
   */
  public static GenerationRequest.LoraChoice lora(String value, Path folder) {
    String text = value.strip();
    String name = text;
    double weight = 1;
    int colon = text.lastIndexOf(':');
    if (colon > 0 && colon < text.length() - 1) {
      try {
        weight = Double.parseDouble(text.substring(colon + 1));
        name = text.substring(0, colon);
      } catch (NumberFormatException e) {
        // no weight: a file name with a colon in it
      }
    }
    return lora(name, weight, folder);
  }

  /**
   * A LoRA named by its file (relative to {@code folder} unless absolute) and weight.
   *
   * @throws OptionException when the name is blank or the weight out of range
   */
  public static GenerationRequest.LoraChoice lora(String file, double weight, Path folder) {
    if (file == null || file.isBlank()) {
      throw new OptionException(Control.LORA, "A LoRA needs a file name");
    }
    Path path = folder == null ? Path.of(file.strip()) : folder.resolve(file.strip());
    try {
      return new GenerationRequest.LoraChoice(path, weight);
    } catch (IllegalArgumentException e) {
      throw new OptionException(Control.LORA, e);
    }
  }

  /**
   * @throws OptionException when LoRAs are asked of a model that takes none (only Stable Diffusion
   *     checkpoints do)
   */
  public static void requireTakesLoras(
      DiffusionModel model, List<GenerationRequest.LoraChoice> loras) {
    if (!loras.isEmpty() && !(model instanceof SdCheckpointModel)) {
      throw new OptionException(
          Control.LORA, model.id() + " takes no LoRAs: they apply to Stable Diffusion checkpoints");
    }
  }

  private static void needs(
      Names names, boolean given, Control control, boolean has, Control needed, String why) {
    if (given && !has) {
      throw new OptionException(control, names.of(control) + " needs " + names.of(needed) + why);
    }
  }

  private static void check(Control control, Runnable rule) {
    try {
      rule.run();
    } catch (IllegalArgumentException e) {
      throw new OptionException(control, e);
    }
  }
}
