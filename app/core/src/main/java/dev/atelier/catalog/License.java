package dev.atelier.catalog;

/**
 * License terms with their machine-readable permissions. {@code termsSha256} is the SHA-256 of the
 * full text (UTF-8).
 */
public record License(
    String id,
    String name,
    String termsSha256,
    String termsText,
    boolean commercialUse,
    boolean derivatives,
    boolean attributionRequired,
    boolean aiTraining,
    boolean builtIn) {}
