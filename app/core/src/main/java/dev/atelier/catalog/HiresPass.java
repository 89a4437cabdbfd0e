package dev.atelier.catalog;

/**
 * A generation's second, larger pass (hires fix) as the catalog keeps it.
 *
 * @param scale how much larger each side was made
 * @param strength how much of the schedule the second pass ran
 */
public record HiresPass(double scale, double strength) {}
