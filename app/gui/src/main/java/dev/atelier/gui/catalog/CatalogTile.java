package dev.atelier.gui.catalog;

import dev.atelier.catalog.AssetSummary;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignH;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;

/**
 * One image in the catalog grid: its thumbnail (or a placeholder), kept / signed / minted badges
 * and its prompt. Tiles are reused as the grid scrolls: {@link #show} points one at another image.
 * Style class {@code catalog-tile}, pseudo-classes {@code :selected} and {@code :focused-tile}.
 */
final class CatalogTile extends VBox {

  static final double THUMB = 164;

  /** The tile's width: the thumbnail, 8 px padding and a 1.5 px border on each side. */
  static final double WIDTH = THUMB + 2 * 8 + 2 * 1.5;

  private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
  private static final PseudoClass FOCUSED = PseudoClass.getPseudoClass("focused-tile");
  private static final PseudoClass MISSING = PseudoClass.getPseudoClass("missing");

  private final Thumbnails thumbnails;
  private final ImageView image = new ImageView();
  private final FontIcon placeholder = new FontIcon(MaterialDesignI.IMAGE_OUTLINE);
  private final StackPane keptBadge = badge(MaterialDesignH.HEART, "catalog-badge-kept", "Kept");
  private final StackPane signedBadge =
      badge(MaterialDesignC.CERTIFICATE_OUTLINE, "catalog-badge-signed", "Signed");
  private final StackPane mintedBadge =
      badge(MaterialDesignH.HEXAGON_MULTIPLE_OUTLINE, "catalog-badge-minted", "Minted");
  private final Label prompt = new Label();
  private final Label meta = new Label();
  private final Tooltip tooltip = new Tooltip();
  private volatile String wantedPath;
  private int index = -1;
  private AssetSummary item;

  CatalogTile(Thumbnails thumbnails) {
    this.thumbnails = thumbnails;
    image.setFitWidth(THUMB);
    image.setFitHeight(THUMB);
    image.setPreserveRatio(true);
    image.setSmooth(true);
    placeholder.getStyleClass().add("catalog-tile-placeholder");
    HBox badges = new HBox(keptBadge, signedBadge, mintedBadge);
    badges.getStyleClass().add("catalog-tile-badges");
    badges.setAlignment(Pos.TOP_RIGHT);
    badges.setPickOnBounds(false);
    StackPane.setAlignment(badges, Pos.TOP_RIGHT);
    badges.setMaxSize(HBox.USE_PREF_SIZE, HBox.USE_PREF_SIZE);
    StackPane thumb = new StackPane(placeholder, image, badges);
    thumb.getStyleClass().add("catalog-tile-thumb");
    thumb.setMinSize(THUMB, THUMB);
    thumb.setPrefSize(THUMB, THUMB);
    thumb.setMaxSize(THUMB, THUMB);
    Rectangle clip = new Rectangle(THUMB, THUMB);
    clip.setArcWidth(16);
    clip.setArcHeight(16);
    thumb.setClip(clip);
    prompt.getStyleClass().add("catalog-tile-prompt");
    prompt.setMaxWidth(THUMB);
    meta.getStyleClass().add("catalog-tile-meta");
    meta.setMaxWidth(THUMB);
    getStyleClass().add("catalog-tile");
    getChildren().addAll(thumb, prompt, meta);
    Tooltip.install(this, tooltip);
  }

  int index() {
    return index;
  }

  AssetSummary item() {
    return item;
  }

  /**
   * Shows image {@code index}; {@code item} null while its page loads.
   *
   * @param describe the tooltip text
   */
  void show(
      int newIndex, AssetSummary newItem, boolean selected, boolean focused, String describe) {
    index = newIndex;
    setVisible(true);
    pseudoClassStateChanged(SELECTED, selected);
    pseudoClassStateChanged(FOCUSED, focused);
    if (newItem != null && newItem.equals(item)) {
      return;
    }
    item = newItem;
    keptBadge.setVisible(newItem != null && newItem.kept());
    keptBadge.setManaged(keptBadge.isVisible());
    signedBadge.setVisible(newItem != null && newItem.licenseId() != null);
    signedBadge.setManaged(signedBadge.isVisible());
    mintedBadge.setVisible(newItem != null && newItem.minted());
    mintedBadge.setManaged(mintedBadge.isVisible());
    prompt.setText(newItem == null ? " " : newItem.prompt());
    meta.setText(newItem == null ? " " : meta(newItem));
    tooltip.setText(newItem == null ? "" : describe);
    setId(newItem == null ? null : "catalog-tile-" + newItem.id());
    String path = newItem == null ? null : newItem.filePath();
    if (path != null && path.equals(wantedPath) && image.getImage() != null) {
      return;
    }
    wantedPath = path;
    setImage(null, newItem == null);
    if (newItem == null) {
      return;
    }
    thumbnails.load(
        path,
        () -> path != null && path.equals(wantedPath),
        loaded -> {
          if (path == null || path.equals(wantedPath)) {
            setImage(loaded, false);
          }
        });
  }

  /** Hides the tile: the grid's last row has fewer images than columns. */
  void clear() {
    index = -1;
    item = null;
    wantedPath = null;
    setImage(null, true);
    setId(null);
    setVisible(false);
  }

  private void setImage(Image loaded, boolean loading) {
    image.setImage(loaded);
    placeholder.setVisible(loaded == null);
    pseudoClassStateChanged(MISSING, loaded == null && !loading);
  }

  private static String meta(AssetSummary item) {
    String model = item.modelId();
    int at = model.indexOf('@');
    return (at > 0 ? model.substring(0, at) : model)
        + " · "
        + item.width()
        + "×"
        + item.height()
        + " · #"
        + item.seed();
  }

  private static StackPane badge(org.kordamp.ikonli.Ikon icon, String styleClass, String tip) {
    StackPane badge = new StackPane(new FontIcon(icon));
    badge.getStyleClass().addAll("catalog-badge", styleClass);
    Tooltip.install(badge, new Tooltip(tip));
    badge.setVisible(false);
    badge.setManaged(false);
    return badge;
  }
}
