package dev.atelier.gui.common;

import dev.atelier.engine.EngineInfo;

/** Where the inference engine stands, as the studio shows it. */
public sealed interface EngineStatus {

  /** One line for the user, in plain words. */
  String text();

  /** Detection has not finished yet. */
  record Loading() implements EngineStatus {
    @Override
    public String text() {
      return "Loading engine…";
    }
  }

  /** The engine loaded. */
  record Ready(EngineInfo info) implements EngineStatus {
    @Override
    public String text() {
      return info.summary();
    }
  }

  /** The engine could not load; {@code reason} says why. */
  record Failed(String reason) implements EngineStatus {
    @Override
    public String text() {
      return "Engine unavailable: " + reason;
    }
  }
}
