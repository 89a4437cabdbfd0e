package dev.atelier.catalog;

/**
 * License terms with their machine-readable permissions, as the catalog stores them. {@code
 * termsSha256} is the SHA-256 (lowercase hex) of {@code termsText} encoded as UTF-8 after its line
 * endings are normalised to {@code \n}; see {@code dev.atelier.license.Licenses}, which also says
 * what each permission means.
 *
 * @param summary one paragraph in plain language, for people
 */
public record License(
    String id,
    String name,
    String termsSha256,
    String termsText,
    boolean commercialUse,
    boolean derivatives,
    boolean attributionRequired,
    boolean shareAlike,
    boolean aiTraining,
    String summary,
    boolean builtIn) {}
