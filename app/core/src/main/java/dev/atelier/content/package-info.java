/**
 * Content addressing for publishing signed images: CIDs, token metadata, CAR files and pinning.
 *
 * <p>{@link dev.atelier.content.Cid} is a CIDv1 with a SHA-256 multihash in base32 ({@code
 * bafkrei…}). Every file (the signed PNG and its metadata JSON) is addressed as a <b>raw</b> block:
 * its CID is the SHA-256 of its bytes, the same CID {@code ipfs add --cid-version=1 --raw-leaves}
 * gives a file that fits in one chunk, and one anyone can recompute without an IPLD library. The
 * metadata is canonical JSON (RFC 8785), so its bytes, and so its CID, are reproducible.
 *
 * <p>{@link dev.atelier.content.TokenMetadata} builds the ERC-721 metadata of a signed image;
 * {@link dev.atelier.content.CarWriter} and {@link dev.atelier.content.CarReader} write and read
 * CARv1 archives of image and metadata blocks (for upload to any pinning service), the reader
 * verifying every block; {@link dev.atelier.content.IpfsPinner} pins files to a local IPFS node
 * (Kubo RPC API) and checks the node's CID against Atelier's.
 *
 * <p>Varints, base32 and the CBOR of the CAR header are written here from the multiformats and
 * CARv1 specifications; the tests check them against multiformats and {@code @ipld/car} (npm).
 */
package dev.atelier.content;
