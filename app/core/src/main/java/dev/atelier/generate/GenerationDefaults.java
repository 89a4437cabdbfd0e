package dev.atelier.generate;

/** What a model suggests for the generate form. */
public record GenerationDefaults(
    String sampler, int steps, double guidance, int width, int height) {}
