/**
 * The settings an image was made with, so that they can be used again: {@link
 * dev.atelier.imagesettings.ImageSettingsReader} reads them from any PNG (Atelier's signed
 * provenance record first, the {@code parameters} text that Atelier and other image tools write
 * otherwise), and {@link dev.atelier.imagesettings.ImageSettings} holds what was found, what could
 * not be used, and which installed model it names.
 */
package dev.atelier.imagesettings;
