/**
 * C2PA manifests embedded in PNG files, written and read by Atelier itself (C2PA specification
 * 2.x): JUMBF boxes in a {@code caBX} chunk, a version 2 CBOR claim, a {@code c2pa.created} action
 * for trained algorithmic media (or {@code c2pa.opened} and {@code c2pa.edited} for a picture made
 * from a start picture), ingredient assertions for what it was made from, a data hash binding the
 * manifest to the file's bytes, custom JSON assertions, and a COSE_Sign1 ES256 claim signature with
 * a self-signed X.509 certificate.
 *
 * <p>{@link dev.atelier.c2pa.C2paPng} embeds and reads; {@link dev.atelier.c2pa.ManifestSpec} says
 * what to embed; {@link dev.atelier.c2pa.C2paReport} is what reading finds; {@link
 * dev.atelier.c2pa.C2paIdentity} is the artist's signing key (derived from the unlocked wallet
 * account, never stored) and certificate.
 *
 * <p>CBOR and COSE are written here rather than through a library: C2PA uses a small part of each,
 * the bytes that get hashed and signed must be exactly under Atelier's control, and the reader must
 * turn damaged input into clear {@link dev.atelier.c2pa.C2paException}s. The tests check the result
 * against c2pa-rs, the C2PA reference implementation.
 */
package dev.atelier.c2pa;
