package dev.atelier.c2pa;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code c2pa.actions.v2} assertion: what {@link C2paPng#embed} writes, and what {@link
 * C2paManifestReader} reads back.
 *
 * <h2>What is written</h2>
 *
 * An image made from its prompt alone: one {@code c2pa.created} action with the spec's digital
 * source type and software agent, exactly as before ingredients existed. With {@code inputTo}
 * ingredients only (LoRAs): the same action, its {@code parameters.ingredients} the hashed URIs of
 * those ingredient assertions (as the specification's example for generative AI does). With a
 * {@code parentOf} ingredient (the start picture of an image-to-image run): {@code c2pa.opened}
 * first, referring to the parent alone (the specification requires that action for a parent and
 * allows {@code c2pa.created} or {@code c2pa.opened} only as the first action), then {@code
 * c2pa.edited} with the digital source type, the software agent and the {@code inputTo}
 * ingredients.
 */
final class C2paActions {

  static final String OPENED = "c2pa.opened";
  static final String EDITED = "c2pa.edited";

  private C2paActions() {}

  /**
   * The actions assertion for {@code spec}; {@code ingredientUris} are the hashed URIs of its
   * ingredient assertions, in the spec's order.
   */
  static Map<String, Object> of(ManifestSpec spec, List<Map<String, Object>> ingredientUris) {
    List<Object> parent = new ArrayList<>();
    List<Object> inputs = new ArrayList<>();
    for (int i = 0; i < ingredientUris.size(); i++) {
      (spec.ingredients().get(i).relationship() == IngredientRelationship.PARENT_OF
              ? parent
              : inputs)
          .add(ingredientUris.get(i));
    }
    List<Object> actions = new ArrayList<>();
    if (parent.isEmpty()) {
      actions.add(making(C2paPng.CREATED, spec, inputs));
    } else {
      Map<String, Object> opened = new LinkedHashMap<>();
      opened.put("action", OPENED);
      opened.put("softwareAgent", agent(spec));
      opened.put("parameters", Map.of("ingredients", parent));
      actions.add(opened);
      actions.add(making(EDITED, spec, inputs));
    }
    return Map.of("actions", actions);
  }

  /** The action that made the pixels: software agent, digital source type, its inputs. */
  private static Map<String, Object> making(String name, ManifestSpec spec, List<Object> inputs) {
    Map<String, Object> action = new LinkedHashMap<>();
    action.put("action", name);
    action.put("softwareAgent", agent(spec));
    action.put("digitalSourceType", spec.digitalSourceType());
    if (!inputs.isEmpty()) {
      action.put("parameters", Map.of("ingredients", inputs));
    }
    return action;
  }

  private static Map<String, Object> agent(ManifestSpec spec) {
    Map<String, Object> agent = new LinkedHashMap<>();
    agent.put("name", spec.softwareAgent().name());
    agent.put("version", spec.softwareAgent().version());
    return agent;
  }

  // ---- reading

  /** One action as read: its name and the hashed URIs of the ingredients it names. */
  record Action(String name, List<Map<?, ?>> ingredients) {}

  /**
   * An actions assertion as read.
   *
   * @param actions every action, in order
   * @param digitalSourceType that of {@code c2pa.created}, else of the first action that has one
   * @param softwareAgent that of the same action, "name version"
   */
  record Read(List<Action> actions, String digitalSourceType, String softwareAgent) {

    static final Read NONE = new Read(List.of(), null, null);

    List<String> names() {
      return actions.stream().map(Action::name).toList();
    }
  }

  /**
   * Reads a decoded actions assertion; problems with its shape (created or opened not first, an
   * ingredient reference that is not a hashed URI) go to {@code problems}.
   *
   * @throws C2paException if it is not an actions assertion at all
   */
  static Read read(Map<?, ?> assertion, List<String> problems) {
    List<Action> actions = new ArrayList<>();
    Map<?, ?> source = null;
    List<?> list = Cbor.list(assertion, "actions", "The actions");
    for (int i = 0; i < list.size(); i++) {
      Map<?, ?> action = Cbor.map(list.get(i), "An action");
      String name = Cbor.text(action, "action", "An action");
      if (i > 0 && (name.equals(C2paPng.CREATED) || name.equals(OPENED))) {
        problems.add("Action " + name + " is not the first action; C2PA allows it only first");
      }
      if (action.get("digitalSourceType") instanceof String
          && (source == null || name.equals(C2paPng.CREATED))) {
        source = action;
      }
      actions.add(new Action(name, ingredientReferences(name, action, problems)));
    }
    return source == null
        ? new Read(actions, null, null)
        : new Read(
            actions,
            Cbor.optionalText(source, "digitalSourceType"),
            generator(source.get("softwareAgent")));
  }

  /** The hashed URIs in an action's {@code parameters.ingredients} (or v1 {@code ingredient}). */
  private static List<Map<?, ?>> ingredientReferences(
      String name, Map<?, ?> action, List<String> problems) {
    if (!(action.get("parameters") instanceof Map<?, ?> parameters)) {
      return List.of();
    }
    Object refs = parameters.get("ingredients");
    if (refs == null && parameters.get("ingredient") != null) {
      refs = List.of(parameters.get("ingredient"));
    }
    if (refs == null) {
      return List.of();
    }
    List<Map<?, ?>> out = new ArrayList<>();
    if (refs instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof Map<?, ?> m && m.get("url") instanceof String) {
          out.add(m);
        } else {
          problems.add("Action " + name + " names an ingredient that is not a hashed URI");
        }
      }
    } else {
      problems.add("Action " + name + ": its ingredients are not an array");
    }
    return out;
  }

  /** "name version" of a generator-info map (or the first of a list, or a plain string). */
  static String generator(Object info) {
    if (info instanceof String s) {
      return s;
    }
    if (info instanceof List<?> l && !l.isEmpty()) {
      return generator(l.getFirst());
    }
    if (info instanceof Map<?, ?> m && m.get("name") instanceof String name) {
      return m.get("version") instanceof String v ? name + " " + v : name;
    }
    return null;
  }
}
