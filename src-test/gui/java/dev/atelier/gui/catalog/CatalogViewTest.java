package dev.atelier.gui.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.Studio;
import dev.atelier.bench.CatalogBench;
import dev.atelier.config.AppDirs;
import dev.atelier.gui.common.AssetSelection;
import dev.atelier.gui.common.FxBackgroundRunner;
import dev.atelier.gui.common.Notices;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The catalog grid on JavaFX's headless platform with 10,000 images: only the visible tiles exist,
 * search and filters narrow it, clicks and keys write the shared selection, and missing files show
 * a placeholder while a real PNG shows its thumbnail.
 */
class CatalogViewTest extends FxRobot {

  private static final int IMAGES = 10_000;
  private static final PseudoClass MISSING = PseudoClass.getPseudoClass("missing");
  private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");

  @TempDir Path home;
  private Studio studio;
  private FxBackgroundRunner runner;
  private final AssetSelection selection = new AssetSelection();

  @BeforeEach
  void show() throws Exception {
    studio = Studio.start(AppDirs.under(home), Clock.systemUTC());
    CatalogBench.fill(studio.catalog(), IMAGES);
    Path png = home.resolve("newest.png");
    BufferedImage pixels = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    pixels.setRGB(3, 3, 0xff8800);
    ImageIO.write(pixels, "png", png.toFile());
    studio.catalog().assets().keep(IMAGES, png.toString(), "0".repeat(64));

    runner = new FxBackgroundRunner();
    Stage stage = FxToolkit.registerPrimaryStage();
    FxToolkit.setupStage(
        s -> {
          CatalogViewModel model = new CatalogViewModel(studio, runner, selection, new Notices());
          Scene scene = new Scene(new CatalogView(model).root(), 1100, 760);
          scene
              .getStylesheets()
              .add(getClass().getResource("/themes/atelier.css").toExternalForm());
          s.setScene(scene);
          s.show();
          model.activate();
        });
    assertThat(stage.isShowing()).isTrue();
    waitUntil(() -> "10,000 images".equals(text("#catalog-summary")));
  }

  @AfterEach
  void close() throws TimeoutException {
    FxToolkit.cleanupStages();
    runner.close();
    studio.close();
  }

  @Test
  void onlyTheVisibleTilesExist() throws TimeoutException {
    waitUntil(() -> lookup("#catalog-tile-" + IMAGES).tryQuery().isPresent());
    int tiles = tiles().size();
    assertThat(tiles).as("tiles for 10,000 images").isBetween(6, 80);

    clickOn("#catalog-tile-" + IMAGES);
    type(KeyCode.END);
    waitUntil(() -> selection.selected().equals(List.of(1L)));
    waitUntil(() -> lookup("#catalog-tile-1").tryQuery().isPresent());
    assertThat(tiles().size()).as("after scrolling to the end").isBetween(6, 80);
  }

  @Test
  void missingFilesShowAPlaceholderAndRealOnesTheirThumbnail() throws TimeoutException {
    waitUntil(() -> image("#catalog-tile-" + IMAGES) != null);
    assertThat(image("#catalog-tile-" + IMAGES).getImage().isError()).isFalse();
    waitUntil(() -> tile("#catalog-tile-" + (IMAGES - 1)).getPseudoClassStates().contains(MISSING));
    assertThat(imageView("#catalog-tile-" + (IMAGES - 1)).getImage()).isNull();
  }

  @Test
  void clicksAndArrowKeysWriteTheSharedSelection() throws TimeoutException {
    waitUntil(() -> lookup("#catalog-tile-9996").tryQuery().isPresent());
    clickOn("#catalog-tile-10000");
    assertThat(selection.selected()).containsExactly(10_000L);
    assertThat(tile("#catalog-tile-10000").getPseudoClassStates()).contains(SELECTED);

    // Ctrl- and Shift-clicks are covered by CatalogViewModelTest: the headless robot's mouse
    // events carry no modifier keys. Shift with the arrow keys extends the selection here.
    clickOn("#catalog-tile-9998");
    assertThat(selection.selected()).containsExactly(9_998L);
    press(KeyCode.SHIFT).type(KeyCode.RIGHT, 2).release(KeyCode.SHIFT);
    waitUntil(() -> selection.selected().equals(List.of(9_998L, 9_997L, 9_996L)));

    type(KeyCode.RIGHT);
    waitUntil(() -> selection.selected().equals(List.of(9_995L)));
    type(KeyCode.LEFT);
    waitUntil(() -> selection.selected().equals(List.of(9_996L)));
    assertThat(tile("#catalog-tile-9996").getPseudoClassStates()).contains(SELECTED);
    assertThat(tile("#catalog-tile-10000").getPseudoClassStates()).doesNotContain(SELECTED);
  }

  @Test
  void searchAndFiltersNarrowTheGrid() throws TimeoutException {
    clickOn("#catalog-search").write("lighthouse");
    long lighthouses = IntStream.range(0, IMAGES).filter(i -> i / 4 % 7 == 0 || i / 4 == 1).count();
    String expected = String.format(java.util.Locale.ENGLISH, "%,d of 10,000 images", lighthouses);
    waitUntil(() -> expected.equals(text("#catalog-summary")));
    assertThat(lookup("#catalog-tile-10000").match(CatalogViewTest::onScreen).tryQuery())
        .as("image 10,000 is a lighthouse")
        .isPresent();
    assertThat(lookup("#catalog-tile-9996").match(CatalogViewTest::onScreen).tryQuery())
        .as("image 9,996 is a robot")
        .isEmpty();

    ComboBox<CatalogFilters.Status> status = lookup("#catalog-status").queryComboBox();
    interact(() -> status.setValue(CatalogFilters.Status.MINTED));
    long minted =
        IntStream.range(0, IMAGES)
            .filter(i -> (i / 4 % 7 == 0 || i / 4 == 1) && CatalogBench.minted(i))
            .count();
    waitUntil(() -> text("#catalog-summary").startsWith(minted + " of"));
    waitUntil(
        () ->
            !tilesOnScreen().isEmpty()
                && tilesOnScreen().stream().allMatch(this::mintedBadgeShown));

    clickOn("#catalog-search").eraseText(10).write("\"no such thing\" AND (");
    waitUntil(() -> shown("#catalog-no-matches"));
    clickOn("#catalog-clear-filters");
    waitUntil(() -> "10,000 images".equals(text("#catalog-summary")));
  }

  private boolean mintedBadgeShown(Node tile) {
    return tile.lookupAll(".catalog-badge-minted").stream().anyMatch(Node::isVisible);
  }

  /** Every tile node, on screen or kept spare by the list. */
  private Set<Node> tiles() {
    return lookup(".catalog-tile").queryAll();
  }

  private Set<Node> tilesOnScreen() {
    return lookup(".catalog-tile").match(CatalogViewTest::onScreen).queryAll();
  }

  private static boolean onScreen(Node node) {
    for (Node n = node; n != null; n = n.getParent()) {
      if (!n.isVisible()) {
        return false;
      }
    }
    return node.getScene() != null;
  }

  private Node tile(String query) {
    return lookup(query).query();
  }

  private ImageView image(String tileQuery) {
    ImageView view = imageView(tileQuery);
    return view.getImage() == null ? null : view;
  }

  private ImageView imageView(String tileQuery) {
    return (ImageView) lookup(tileQuery).query().lookupAll(".image-view").iterator().next();
  }

  private boolean shown(String query) {
    return lookup(query).tryQuery().map(n -> n.isVisible() && n.getScene() != null).orElse(false);
  }

  private String text(String query) {
    return lookup(query).queryAs(Label.class).getText();
  }

  private static void waitUntil(Supplier<Boolean> condition) throws TimeoutException {
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition::get);
    WaitForAsyncUtils.waitForFxEvents();
  }
}
