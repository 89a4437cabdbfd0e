package dev.atelier.gui.shell;

import dev.atelier.gui.common.Notices;
import dev.atelier.gui.common.Notices.Kind;
import dev.atelier.gui.common.Notices.Notice;
import javafx.animation.PauseTransition;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;

/**
 * Shows {@link Notices} as toasts in the bottom-right corner: information for a few seconds, errors
 * until closed. Node ids: {@code toasts}; each toast has style class {@code toast} and {@code
 * toast-info} or {@code toast-error}.
 */
final class ToastLayer {

  private static final Duration INFO_TIME = Duration.seconds(6);

  private final VBox root = new VBox(8);
  private final Notices notices;

  ToastLayer(Notices notices) {
    this.notices = notices;
    root.setId("toasts");
    root.getStyleClass().add("toast-layer");
    root.setAlignment(Pos.BOTTOM_RIGHT);
    root.setPickOnBounds(false);
    root.setMaxWidth(Double.MAX_VALUE);
    notices.shown().addListener((ListChangeListener<Notice>) c -> rebuild());
    rebuild();
  }

  Parent root() {
    return root;
  }

  private void rebuild() {
    root.getChildren().setAll(notices.shown().stream().map(this::toast).toList());
  }

  private Node toast(Notice n) {
    FontIcon icon =
        new FontIcon(
            n.kind() == Kind.ERROR ? MaterialDesignA.ALERT_CIRCLE : MaterialDesignI.INFORMATION);
    Label title = new Label(n.title());
    title.getStyleClass().add("toast-title");
    Label detail = new Label(n.detail());
    detail.getStyleClass().add("toast-detail");
    detail.setWrapText(true);
    detail.setVisible(!n.detail().isBlank());
    detail.setManaged(!n.detail().isBlank());
    Button close = new Button(null, new FontIcon(MaterialDesignC.CLOSE));
    close.getStyleClass().addAll("flat", "toast-close");
    close.setOnAction(e -> notices.dismiss(n));
    HBox box = new HBox(10, icon, new VBox(2, title, detail), close);
    box.getStyleClass().addAll("toast", n.kind() == Kind.ERROR ? "toast-error" : "toast-info");
    box.setMaxWidth(420);
    box.setPickOnBounds(true);
    if (n.kind() == Kind.INFO) {
      PauseTransition fade = new PauseTransition(INFO_TIME);
      fade.setOnFinished(e -> notices.dismiss(n));
      fade.play();
    }
    return box;
  }
}
