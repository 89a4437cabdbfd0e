package dev.atelier.gui.generate;

import dev.atelier.gui.common.EmptyState;
import dev.atelier.gui.common.EngineStatus;
import dev.atelier.gui.common.ScreenHeader;
import javafx.beans.value.ObservableValue;
import javafx.css.PseudoClass;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;

/**
 * The Generate screen. For now: the runtime generation will use, the installed models, and an empty
 * state explaining that generation comes with the diffusion engine. Node ids: {@code
 * generate-engine}, {@code generate-models}, {@code generate-empty}.
 */
public final class GenerateView {

  private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");

  private final VBox root;

  public GenerateView(GenerateViewModel model) {
    Label engine = fact("generate-engine", model.engineText());
    model
        .engineStatusProperty()
        .subscribe(s -> engine.pseudoClassStateChanged(FAILED, s instanceof EngineStatus.Failed));
    HBox facts =
        new HBox(
            factCard(MaterialDesignC.CHIP, "Runtime", engine),
            factCard(
                MaterialDesignC.CUBE_OUTLINE,
                "Models",
                fact("generate-models", model.modelsProperty())));
    facts.getStyleClass().add("fact-row");

    EmptyState empty =
        new EmptyState(
            MaterialDesignC.CREATION_OUTLINE,
            "Generation arrives with the diffusion engine",
            "Prompts, seeds and variants will live here once the diffusion engine is part of"
                + " Atelier. Images will be made on this computer, with the runtime shown above;"
                + " nothing is sent to a cloud service.");
    empty.setId("generate-empty");
    VBox.setVgrow(empty, Priority.ALWAYS);

    root =
        new VBox(new ScreenHeader("Generate", "Turn prompts into images, locally."), facts, empty);
    root.getStyleClass().add("screen");
  }

  public Parent root() {
    return root;
  }

  private static Label fact(String id, ObservableValue<String> text) {
    Label value = new Label();
    value.setId(id);
    value.getStyleClass().add("fact-value");
    value.textProperty().bind(text);
    return value;
  }

  private static HBox factCard(Ikon icon, String title, Label value) {
    StackPane badge = new StackPane(new FontIcon(icon));
    badge.getStyleClass().add("fact-badge");
    Label caption = new Label(title);
    caption.getStyleClass().add("fact-caption");
    HBox card = new HBox(badge, new VBox(caption, value));
    card.getStyleClass().add("fact-card");
    HBox.setHgrow(card, Priority.ALWAYS);
    return card;
  }
}
