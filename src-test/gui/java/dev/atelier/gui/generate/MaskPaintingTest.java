package dev.atelier.gui.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.gui.generate.MaskPainting.Mask;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaskPaintingTest {

  @Test
  void aDabPaintsADiscAndNothingElse() {
    MaskPainting m = new MaskPainting(40, 30);
    m.beginStroke();
    m.stroke(20, 15, 20, 15, 5, false);

    int painted = 0;
    for (int y = 0; y < 30; y++) {
      for (int x = 0; x < 40; x++) {
        double dx = x + 0.5 - 20;
        double dy = y + 0.5 - 15;
        boolean inside = dx * dx + dy * dy <= 25;
        assertEquals(inside ? 255 : 0, m.valueAt(x, y), x + "," + y);
        painted += inside ? 1 : 0;
      }
    }
    // About π r² pixels.
    assertTrue(Math.abs(painted - Math.PI * 25) < 8, "painted " + painted);
    assertEquals(painted / 1200.0, m.mask().coverage(), 1e-12);
    assertEquals(m.mask().coverage(), m.coverage(), 0);
  }

  @Test
  void aStrokeCoversTheSegmentBetweenItsEnds() {
    MaskPainting m = new MaskPainting(100, 20);
    m.beginStroke();
    m.stroke(10, 10, 90, 10, 3, false);

    for (int x = 10; x < 90; x++) {
      assertEquals(255, m.valueAt(x, 10), "on the line at x=" + x);
      assertEquals(0, m.valueAt(x, 2), "above the brush at x=" + x);
    }
    assertEquals(0, m.valueAt(3, 10), "before the start, beyond the radius");
    assertEquals(0, m.valueAt(96, 10), "after the end, beyond the radius");
  }

  @Test
  void theEraserGivesPixelsBackAndUndoRestoresEachStep() {
    MaskPainting m = new MaskPainting(50, 50);
    m.beginStroke();
    m.stroke(25, 25, 25, 25, 20, false);
    Mask painted = m.mask();
    m.beginStroke();
    m.stroke(25, 25, 25, 25, 5, true);

    assertEquals(0, m.valueAt(25, 25));
    assertEquals(255, m.valueAt(25, 10));
    assertTrue(m.undo());
    assertEquals(painted, m.mask());
    assertTrue(m.undo());
    assertTrue(m.isEmpty());
    assertFalse(m.undo(), "nothing left to undo");
  }

  @Test
  void invertAndClearWorkOnTheWholeMaskAndUndoAsOneStep() {
    MaskPainting m = new MaskPainting(8, 8);
    m.beginStroke();
    m.stroke(0, 0, 0, 0, 2, false);
    Mask before = m.mask();
    m.invert();

    byte[] inverted = m.mask().values();
    byte[] original = before.values();
    for (int i = 0; i < 64; i++) {
      assertEquals(255 - (original[i] & 0xff), inverted[i] & 0xff);
    }
    m.clear();
    assertTrue(m.isEmpty());
    m.undo();
    assertArrayEquals(inverted, m.mask().values());
    m.undo();
    assertEquals(before, m.mask());
  }

  @Test
  void strokesOutsideTheMaskAreClippedAndTheListenerHearsTheChangedArea() {
    MaskPainting m = new MaskPainting(20, 20);
    List<int[]> changes = new ArrayList<>();
    m.onChange((x, y, w, h) -> changes.add(new int[] {x, y, w, h}));
    m.beginStroke();
    m.stroke(-30, -30, -25, -25, 4, false);
    assertTrue(m.isEmpty(), "entirely outside");
    m.stroke(18, 18, 30, 30, 3, false);

    assertEquals(255, m.valueAt(19, 19));
    int[] last = changes.get(changes.size() - 1);
    assertTrue(last[0] >= 0 && last[1] >= 0 && last[0] + last[2] <= 20 && last[1] + last[3] <= 20);
    assertTrue(last[0] <= 15 && last[1] <= 15, "covers the painted corner");
  }

  @Test
  void theWorkingSizeKeepsThePicturesProportionsWithinTheLimit() {
    MaskPainting big = MaskPainting.forPicture(4000, 3000);
    assertEquals(MaskPainting.MAX_SIDE, big.width());
    assertEquals(768, big.height());
    MaskPainting small = MaskPainting.forPicture(64, 48);
    assertEquals(64, small.width());
    assertEquals(48, small.height());
    assertThrows(IllegalArgumentException.class, () -> new MaskPainting(0, 10));
    assertThrows(IllegalArgumentException.class, () -> small.load(big.mask()));
  }

  @Test
  void aMaskIsACopy() {
    MaskPainting m = new MaskPainting(4, 4);
    Mask mask = m.mask();
    m.invert();
    assertTrue(mask.coverage() == 0, "the earlier snapshot is unchanged");
    byte[] values = mask.values();
    values[0] = (byte) 255;
    assertEquals(0, mask.coverage());
  }
}
