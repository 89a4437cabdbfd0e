/**
 * Ethereum values as people read and type them: amounts of ether ({@link Ether}) and account or
 * contract addresses ({@link Address}). Plain values with no dependency on the rest of Atelier, so
 * every package and both front ends can use the one rule for each.
 */
package dev.atelier.ethereum;
