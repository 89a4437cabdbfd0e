package dev.atelier.gui.catalog;

/**
 * One generation as the catalog table shows it, already in words.
 *
 * @param id catalog id of the generation
 * @param prompt the prompt
 * @param model model id, {@code name@version}
 * @param size width × height in pixels
 * @param seed the seed
 * @param status how the generation ended, in words
 * @param created when it was asked for, in local time
 */
public record CatalogRow(
    long id,
    String prompt,
    String model,
    String size,
    String seed,
    String status,
    String created) {}
