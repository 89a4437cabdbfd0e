package dev.atelier.gui.inspector;

import atlantafx.base.theme.Styles;
import dev.atelier.catalog.License;
import dev.atelier.gui.common.LoadStatePane;
import dev.atelier.gui.inspector.AssetInfo.Field;
import java.io.ByteArrayInputStream;
import java.util.Locale;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;

/**
 * The inspector panel: the selected image, its provenance fields and signature state, the license
 * chooser with its plain-language summary, signing, and the {@link MintView mint panel}. Node ids:
 * {@code inspector}, {@code inspector-summary}, {@code inspector-image}, {@code
 * inspector-signature}, {@code inspector-signer}, {@code inspector-fields}, {@code
 * inspector-license}, {@code inspector-license-error}, {@code inspector-license-summary}, {@code
 * inspector-sign}, {@code inspector-sign-hint}, {@code inspector-start-picture} ("Use as start
 * picture"), {@code inspector-message}, {@code inspector-details} (the selected asset, or why it
 * could not be read). A shortened hash in the fields shows its whole value as a tooltip and has a
 * copy button of style class {@code provenance-copy}.
 */
public final class InspectorView {

  private static final PseudoClass VALID = PseudoClass.getPseudoClass("valid");
  private static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");

  private final InspectorViewModel model;
  private final ScrollPane root;
  private final ImageView image = new ImageView();
  private final Label signature = new Label();
  private final Label signer = new Label();
  private final VBox checks = new VBox(2);
  private final GridPane fields = new GridPane();
  private final GridPane inputs = new GridPane();
  private final HBox banner;

  public InspectorView(InspectorViewModel model) {
    this.model = model;
    Label title = new Label("Inspector");
    title.getStyleClass().add("inspector-title");
    Label summary = new Label();
    summary.setId("inspector-summary");
    summary.getStyleClass().add("inspector-summary");
    summary.setWrapText(true);
    summary.textProperty().bind(model.summaryProperty());

    image.setId("inspector-image");
    image.setFitWidth(160);
    image.setFitHeight(160);
    image.setPreserveRatio(true);
    image.setSmooth(false);
    HBox imageBox = new HBox(image);
    imageBox.getStyleClass().add("inspector-image");
    imageBox.setAlignment(Pos.CENTER);
    Button startFrom = new Button("Use as start picture", new FontIcon(MaterialDesignI.IMAGE_EDIT));
    startFrom.setId("inspector-start-picture");
    startFrom.getStyleClass().add(Styles.SMALL);
    startFrom.setTooltip(new Tooltip("Generate from this image: it becomes the start picture"));
    startFrom.setOnAction(e -> model.useAsStartPicture());
    startFrom.disableProperty().bind(model.canUseAsStartPictureProperty().not());
    Button reuse = new Button("Use these settings", new FontIcon(MaterialDesignT.TUNE));
    reuse.setId("inspector-use-settings");
    reuse.getStyleClass().add(Styles.SMALL);
    reuse.setTooltip(
        new Tooltip("Generate with this picture's settings, LoRAs and hires pass, seed locked"));
    reuse.setOnAction(e -> model.useSettings());
    reuse.disableProperty().bind(model.currentProperty().isNull());
    HBox startBox = new HBox(6, startFrom, reuse);
    startBox.setAlignment(Pos.CENTER);

    signature.setId("inspector-signature");
    signature.getStyleClass().add("signature-state");
    signer.setId("inspector-signer");
    signer.getStyleClass().add("signature-signer");
    signer.setWrapText(true);
    VBox bannerText = new VBox(2, signature, signer, checks);
    HBox.setHgrow(bannerText, Priority.ALWAYS);
    banner = new HBox(10, new FontIcon(MaterialDesignS.SHIELD_OUTLINE), bannerText);
    banner.getStyleClass().add("signature-banner");

    fields.setId("inspector-fields");
    fields.getStyleClass().add("provenance-grid");
    ColumnConstraints labels = new ColumnConstraints();
    labels.setMinWidth(112);
    ColumnConstraints values = new ColumnConstraints();
    values.setHgrow(Priority.ALWAYS);
    fields.getColumnConstraints().setAll(labels, values);

    VBox assetPart =
        new VBox(
            12,
            imageBox,
            startBox,
            banner,
            inputsPart(),
            section("Provenance", MaterialDesignF.FINGERPRINT),
            fields);
    model.currentProperty().subscribe(this::show);
    LoadStatePane details =
        new LoadStatePane(model.stateProperty(), assetPart, new Region(), model.errorProperty());
    details.setId("inspector-details");

    VBox content =
        new VBox(
            12,
            new VBox(2, title, summary),
            details,
            licensePart(),
            new MintView(model.mint()).root());
    content.setId("inspector");
    content.getStyleClass().add("inspector");
    root = new ScrollPane(content);
    root.setFitToWidth(true);
    root.getStyleClass().add("inspector-scroll");
    root.setMinWidth(300);
  }

  public Parent root() {
    return root;
  }

  static Label section(String text, org.kordamp.ikonli.Ikon icon) {
    Label l = new Label(text, new FontIcon(icon));
    l.getStyleClass().add("inspector-section");
    return l;
  }

  /** What the shown picture was made from, from the catalog; hidden when nothing. */
  private VBox inputsPart() {
    inputs.setId("inspector-inputs");
    inputs.getStyleClass().add("provenance-grid");
    ColumnConstraints labels = new ColumnConstraints();
    labels.setMinWidth(112);
    ColumnConstraints values = new ColumnConstraints();
    values.setHgrow(Priority.ALWAYS);
    inputs.getColumnConstraints().setAll(labels, values);
    VBox part = new VBox(8, section("Inputs", MaterialDesignL.LAYERS_OUTLINE), inputs);
    part.setId("inspector-inputs-part");
    part.visibleProperty()
        .bind(
            javafx.beans.binding.Bindings.createBooleanBinding(
                () ->
                    model.currentProperty().get() != null
                        && !model.currentProperty().get().inputs().isEmpty(),
                model.currentProperty()));
    part.managedProperty().bind(part.visibleProperty());
    return part;
  }

  private VBox licensePart() {
    ComboBox<License> chooser = new ComboBox<>(model.licenses());
    chooser.setId("inspector-license");
    chooser.setPromptText("Choose a license");
    chooser.setMaxWidth(Double.MAX_VALUE);
    chooser.setConverter(
        new StringConverter<>() {
          @Override
          public String toString(License l) {
            return l == null ? "" : l.name() + " (" + l.id() + ")";
          }

          @Override
          public License fromString(String s) {
            return null;
          }
        });
    chooser.valueProperty().bindBidirectional(model.licenseProperty());
    Label licenseSummary = new Label();
    licenseSummary.setId("inspector-license-summary");
    licenseSummary.getStyleClass().add("license-summary");
    licenseSummary.setWrapText(true);
    licenseSummary.textProperty().bind(model.licenseSummaryProperty());

    Button sign = new Button();
    sign.setId("inspector-sign");
    sign.setGraphic(new FontIcon(MaterialDesignF.FILE_SIGN));
    sign.getStyleClass().add(Styles.ACCENT);
    sign.setMaxWidth(Double.MAX_VALUE);
    sign.textProperty().bind(model.signLabelProperty());
    sign.disableProperty().bind(model.canSignProperty().not());
    sign.setOnAction(e -> model.sign());
    Label hint = new Label();
    hint.setId("inspector-sign-hint");
    hint.getStyleClass().add("inspector-hint");
    hint.setWrapText(true);
    hint.textProperty().bind(model.signHintProperty());
    Label message = message(model.messageProperty());
    message.setId("inspector-message");
    VBox part =
        new VBox(
            8,
            section("License", MaterialDesignC.COPYRIGHT),
            chooser,
            licensesError(),
            licenseSummary,
            permissionChips(),
            sign,
            hint,
            message);
    part.visibleProperty().bind(model.currentProperty().isNotNull());
    part.managedProperty().bind(part.visibleProperty());
    return part;
  }

  /** Under the chooser: why the licenses could not be read. */
  private Label licensesError() {
    Label licensesError = new Label();
    licensesError.setId("inspector-license-error");
    licensesError.getStyleClass().addAll(Styles.DANGER, "inspector-message");
    licensesError.setWrapText(true);
    licensesError.textProperty().bind(model.licensesErrorProperty());
    licensesError.visibleProperty().bind(model.licensesErrorProperty().isNotEmpty());
    licensesError.managedProperty().bind(licensesError.visibleProperty());
    return licensesError;
  }

  /** What the chosen license allows, one chip per permission. */
  private FlowPane permissionChips() {
    FlowPane chips = new FlowPane(6, 6);
    chips.getStyleClass().add("permission-chips");
    model
        .permissions()
        .subscribe(
            () ->
                chips
                    .getChildren()
                    .setAll(
                        model.permissions().stream()
                            .map(
                                p -> {
                                  Label chip =
                                      new Label(
                                          p.label(),
                                          new FontIcon(
                                              p.allowed()
                                                  ? MaterialDesignC.CHECK
                                                  : MaterialDesignC.CLOSE));
                                  chip.getStyleClass()
                                      .addAll(
                                          "permission-chip", p.allowed() ? "allowed" : "denied");
                                  return (Node) chip;
                                })
                            .toList()));
    return chips;
  }

  static Label message(javafx.beans.value.ObservableStringValue text) {
    Label message = new Label();
    message.getStyleClass().add("inspector-message");
    message.setWrapText(true);
    message.textProperty().bind(text);
    message.visibleProperty().bind(message.textProperty().isNotEmpty());
    message.managedProperty().bind(message.visibleProperty());
    return message;
  }

  private void show(AssetInfo info) {
    if (info == null) {
      image.setImage(null);
      return;
    }
    // The bytes were read (and verified) in the background; decoding a PNG this size is quick.
    image.setImage(info.png() == null ? null : new Image(new ByteArrayInputStream(info.png())));
    banner.pseudoClassStateChanged(VALID, info.signature() == AssetInfo.SignatureState.VALID);
    banner.pseudoClassStateChanged(INVALID, info.signature() == AssetInfo.SignatureState.INVALID);
    FontIcon icon =
        new FontIcon(
            switch (info.signature()) {
              case VALID -> MaterialDesignS.SHIELD_CHECK;
              case INVALID -> MaterialDesignA.ALERT_OCTAGON;
              case NOT_SIGNED -> MaterialDesignS.SHIELD_OUTLINE;
            });
    banner.getChildren().set(0, icon);
    signature.setText(
        switch (info.signature()) {
          case VALID -> "Signature valid";
          case INVALID -> "Signature invalid";
          case NOT_SIGNED -> "Not signed";
        });
    signer.setText(
        info.signer() == null
            ? "Sign it to embed who made it, how, and under which license"
            : "Signed by "
                + info.signer()
                + (info.chainId() == null ? "" : " for chain " + info.chainId()));
    checks.getChildren().clear();
    for (String c : info.checks()) {
      Label l = new Label("· " + c);
      l.getStyleClass().add("signature-check");
      checks.getChildren().add(l);
    }
    for (String p : info.problems()) {
      Label l = new Label("· " + p);
      l.setWrapText(true);
      l.getStyleClass().addAll("signature-check", "danger-text");
      checks.getChildren().add(l);
    }
    fields.getChildren().clear();
    int row = 0;
    for (Field f : info.fields()) {
      Label name = new Label(f.label());
      name.getStyleClass().add("provenance-name");
      fields.addRow(row++, name, value(f));
    }
    inputs.getChildren().clear();
    row = 0;
    for (Field f : info.inputs()) {
      Label name = new Label(f.label());
      name.getStyleClass().add("provenance-name");
      Node value = value(f);
      value.setId("inspector-input-" + row);
      inputs.addRow(row++, name, value);
    }
  }

  /**
   * A field's value; a shortened hash shows its whole value on hover, with a button (style class
   * {@code provenance-copy}) that copies it, as the wallet copies an address.
   */
  private Node value(Field f) {
    Label value = new Label(f.value());
    value.getStyleClass().add("provenance-value");
    value.setWrapText(true);
    if (f.full() == null) {
      return value;
    }
    value.setTooltip(new Tooltip(f.full()));
    Button copy = new Button(null, new FontIcon(MaterialDesignC.CONTENT_COPY));
    copy.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL, "provenance-copy");
    copy.setTooltip(new Tooltip("Copy the whole " + f.label().toLowerCase(Locale.ROOT)));
    copy.setOnAction(
        e -> {
          ClipboardContent content = new ClipboardContent();
          content.putString(f.full());
          Clipboard.getSystemClipboard().setContent(content);
          model.valueCopied(f);
        });
    HBox line = new HBox(4, value, copy);
    line.setAlignment(Pos.CENTER_LEFT);
    return line;
  }

  /** A cell showing {@code text} of an item. */
  static <T> ListCell<T> cell(java.util.function.Function<T, String> text) {
    return new ListCell<>() {
      @Override
      protected void updateItem(T item, boolean empty) {
        super.updateItem(item, empty);
        setText(empty || item == null ? null : text.apply(item));
      }
    };
  }
}
