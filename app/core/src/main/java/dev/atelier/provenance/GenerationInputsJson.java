package dev.atelier.provenance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.catalog.GenerationInput;
import dev.atelier.catalog.GenerationInput.Role;
import dev.atelier.catalog.HiresPass;
import dev.atelier.provenance.ProvenanceJsonReader.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * What a record's {@code generation} started from besides its prompt: the members {@code inputs}
 * and {@code hires}, both left out when there is none, so that a text-to-image record is exactly
 * what it was before they existed.
 *
 * <pre>{@code
 * "inputs": [{"role": "start-image", "sha256": "<file>", "strength": 0.6},
 *            {"role": "mask", "sha256": "<file>", "blur": 4},
 *            {"role": "lora", "sha256": "<file>", "weight": 0.8}],
 * "hires": {"scale": 1.5, "strength": 0.5}
 * }</pre>
 *
 * Inputs keep the catalog's order. Amounts are finite numbers ({@code -0.0} is stored as {@code
 * 0.0}); a strength is between 0 and 1, a mask's blur (pixels) 0 or more, a hires scale above 0.
 */
final class GenerationInputsJson {

  private GenerationInputsJson() {}

  /** The JSON word for {@code role}. */
  static String roleName(Role role) {
    return switch (role) {
      case START_IMAGE -> "start-image";
      case MASK -> "mask";
      case LORA -> "lora";
    };
  }

  /** The member holding the amount of an input in {@code role}. */
  static String amountName(Role role) {
    return switch (role) {
      case START_IMAGE -> "strength";
      case MASK -> "blur";
      case LORA -> "weight";
    };
  }

  /**
   * {@code inputs} checked and with {@code -0.0} amounts made {@code 0.0}, as an unmodifiable list.
   *
   * @throws IllegalArgumentException naming the first input that is not valid
   */
  static List<GenerationInput> checked(List<GenerationInput> inputs) {
    if (inputs == null) {
      throw new IllegalArgumentException("generation.inputs is missing (empty when none)");
    }
    List<GenerationInput> out = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      GenerationInput in = inputs.get(i);
      if (in == null) {
        throw new IllegalArgumentException("generation.inputs[" + i + "] is missing");
      }
      out.add(input(i, in.role(), in.sha256(), in.amount()));
    }
    return List.copyOf(out);
  }

  /**
   * {@code hires} checked and with {@code -0.0} made {@code 0.0}; null stays null (no hires pass).
   *
   * @throws IllegalArgumentException naming the member that is not valid
   */
  static HiresPass checked(HiresPass hires) {
    if (hires == null) {
      return null;
    }
    double scale = finite("generation.hires.scale", hires.scale());
    if (!(scale > 0)) {
      throw new IllegalArgumentException("generation.hires.scale must be above 0, not " + scale);
    }
    return new HiresPass(scale, strength("generation.hires.strength", hires.strength()));
  }

  /** Adds {@code inputs} (when there are any) and {@code hires} (when not null) to {@code node}. */
  static void write(ObjectNode node, List<GenerationInput> inputs, HiresPass hires) {
    if (!inputs.isEmpty()) {
      ArrayNode array = node.putArray("inputs");
      for (GenerationInput in : inputs) {
        ObjectNode o = array.addObject();
        o.put("role", roleName(in.role()));
        o.put("sha256", in.sha256());
        o.put(amountName(in.role()), in.amount());
      }
    }
    if (hires != null) {
      ObjectNode o = node.putObject("hires");
      o.put("scale", hires.scale());
      o.put("strength", hires.strength());
    }
  }

  /** The inputs in {@code generation}; empty when the member is left out. */
  static List<GenerationInput> readInputs(Reader generation) {
    if (!generation.has("inputs")) {
      return List.of();
    }
    List<Reader> elements = generation.objects("inputs");
    if (elements.isEmpty()) {
      throw generation.invalid("inputs", "must not be empty (it is left out when there are none)");
    }
    List<GenerationInput> inputs = new ArrayList<>(elements.size());
    for (int i = 0; i < elements.size(); i++) {
      Reader e = elements.get(i);
      Role role = role(e);
      e.only("role", "sha256", amountName(role));
      inputs.add(input(i, role, e.string("sha256"), e.number(amountName(role))));
    }
    return inputs;
  }

  /** The hires pass in {@code generation}; null when the member is left out. */
  static HiresPass readHires(Reader generation) {
    if (!generation.has("hires")) {
      return null;
    }
    Reader hires = generation.object("hires");
    hires.only("scale", "strength");
    return checked(new HiresPass(hires.number("scale"), hires.number("strength")));
  }

  private static Role role(Reader input) {
    String name = input.string("role");
    for (Role r : Role.values()) {
      if (roleName(r).equals(name)) {
        return r;
      }
    }
    throw input.invalid(
        "role", "must be \"start-image\", \"mask\" or \"lora\", not \"" + name + "\"");
  }

  private static GenerationInput input(int index, Role role, String sha256, double amount) {
    String path = "generation.inputs[" + index + "].";
    if (role == null) {
      throw new IllegalArgumentException(path + "role is missing");
    }
    RecordFields.requireSha256(path + "sha256", sha256);
    String amountPath = path + amountName(role);
    double value =
        switch (role) {
          case START_IMAGE -> strength(amountPath, amount);
          case MASK -> notNegative(amountPath, amount);
          case LORA -> finite(amountPath, amount);
        };
    return new GenerationInput(role, sha256, value);
  }

  private static double strength(String path, double value) {
    double v = finite(path, value);
    if (v < 0 || v > 1) {
      throw new IllegalArgumentException(path + " must be between 0 and 1, not " + v);
    }
    return v;
  }

  private static double notNegative(String path, double value) {
    double v = finite(path, value);
    if (v < 0) {
      throw new IllegalArgumentException(path + " must not be negative, not " + v);
    }
    return v;
  }

  private static double finite(String path, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(path + " must be a finite number, not " + value);
    }
    return value + 0.0; // -0.0 becomes 0.0: JSON (and JCS) cannot tell them apart
  }
}
