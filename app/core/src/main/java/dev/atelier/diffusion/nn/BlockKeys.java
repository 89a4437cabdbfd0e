package dev.atelier.diffusion.nn;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Names every parameter of a block tree the way PyTorch checkpoints do: the path of child names
 * joined with dots, then the parameter's name. A network whose children are named after the
 * checkpoint's modules (for example {@code input_blocks}, {@code 1}, {@code 0}, {@code in_layers})
 * therefore loads by a plain table lookup: {@code input_blocks.1.0.in_layers.0.weight}.
 *
 * <p>DJL prefixes each child's name with its position ({@code 01input_blocks}); that prefix is
 * removed. DJL's own parameter names are mapped to PyTorch's: {@code gamma}/{@code beta} (norms)
 * become {@code weight}/{@code bias}, and {@code embedding} becomes {@code weight}.
 */
public final class BlockKeys {

  private BlockKeys() {}

  /** Every parameter of {@code root} by its checkpoint-style key, in block order. */
  public static Map<String, Parameter> of(Block root) {
    Map<String, Parameter> out = new LinkedHashMap<>();
    collect(root, "", out);
    return out;
  }

  private static void collect(Block block, String path, Map<String, Parameter> out) {
    for (Pair<String, Parameter> p : block.getDirectParameters()) {
      String key = path + torchName(p.getKey());
      if (out.put(key, p.getValue()) != null) {
        throw new IllegalStateException("Two parameters are named " + key);
      }
    }
    int position = 1;
    for (Pair<String, Block> child : block.getChildren()) {
      String name = stripPosition(child.getKey(), position++);
      collect(child.getValue(), path + name + ".", out);
    }
  }

  private static String stripPosition(String djlName, int position) {
    String prefix = String.format(Locale.ROOT, "%02d", position);
    if (!djlName.startsWith(prefix)) {
      throw new IllegalStateException("Unexpected child block name " + djlName);
    }
    return djlName.substring(prefix.length());
  }

  private static String torchName(String djlName) {
    return switch (djlName) {
      case "gamma", "embedding" -> "weight";
      case "beta" -> "bias";
      default -> djlName;
    };
  }
}
