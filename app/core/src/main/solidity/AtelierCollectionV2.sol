// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "solady/tokens/ERC721.sol";
import {ERC2981} from "solady/tokens/ERC2981.sol";
import {Ownable} from "solady/auth/Ownable.sol";
import {EIP712} from "solady/utils/EIP712.sol";
import {ReentrancyGuardTransient} from "solady/utils/ReentrancyGuardTransient.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {IERC7007} from "./AtelierCollection.sol";

/**
 * @title AtelierCollectionV2: one artist's ERC-721 collection, minted in signed batches.
 *
 * Version 2 keeps what version 1 keeps per token (provenance checkable on-chain, license, royalty,
 * metadata URI) at a fraction of the gas, by storing one slot per token and one per batch.
 *
 * Token id. A token's id is the SHA-256 of its metadata JSON bytes (the digest inside its raw
 * CIDv1), so tokenURI is rebuilt on-chain: "ipfs://" + "b" + base32(0x01 0x55 0x12 0x20 ‖ digest),
 * the same text as Atelier's Cid. Minting an id that exists reverts, so the same metadata cannot
 * mint twice. The metadata embeds the provenance record and its signature, so the same provenance
 * gives the same id as long as the metadata is made the same way; metadata made differently for
 * the same provenance (another name, another description) gives another id, and only the owner's
 * batch signature can mint it. Refusing that too would take a second slot per token (22 100 gas).
 *
 * Storage per token: Solady's one packed ownership slot, owner and 96 bits of extra data: the
 * batch index (bits 0-31), the license index (bits 32-47) and the token's position in its batch
 * (bits 48-63). Per batch: its Merkle root. Per license: its id and terms hash, registered on
 * first use.
 *
 * A batch: leaf_i = keccak256(bytes.concat(keccak256(abi.encode(digest_i, provenanceHash_i)))),
 * with provenanceHash_i = keccak256(abi.encode(keccak256(aigcData_i), keccak256(signature_i))),
 * aigcData and signature as in version 1 (see AtelierCollection). The root is a binary tree built
 * level by level from the leaves in their order: node = keccak256 of the sorted pair (what
 * OpenZeppelin's MerkleProof expects), an odd last node carried up unchanged. The collection's
 * owner signs MintBatch(root, to, count, licenseHash) under the EIP-712 domain {name "Atelier",
 * version "2", chainId, verifyingContract}, licenseHash = keccak256(abi.encode(
 * keccak256(bytes(licenseId)), termsHash)); the contract rebuilds the root from the calldata and
 * checks that signature, so a changed leaf, another signer, chain or contract is refused. Anyone
 * holding the signature may send the batch (a relayer may pay for it).
 *
 * The per-token provenance signatures are not checked at mint: the owner's batch signature vouches
 * for the leaves, and verify() checks a token's provenance signature whenever asked.
 *
 * ERC-7007 data of a token: aigcData and prompt as in version 1; proof = abi.encode(bytes
 * signature, uint256 tokenId, bytes32[] merkleProof). verify() is true when the signature is the
 * owner's version 1 EIP-712 Provenance signature (domain {name "Atelier", version "1", chainId},
 * no verifyingContract: the one embedded in the image's C2PA manifest), a non-empty prompt hashes
 * (SHA-256) to recordHash, the token exists, its license is aigcData's, and the leaf proves into
 * the token's batch root.
 *
 * ERC-4906: a token's metadata never changes (its id is the metadata's hash), and the standard
 * recommends no event at mint, so MetadataUpdate is never emitted. Changing the default royalty
 * emits BatchMetadataUpdate(0, type(uint256).max), every possible id, for marketplaces that show
 * royalties beside the metadata they cache.
 *
 * Events: one Transfer per token (ERC-721 requires it for ids that are not consecutive), one
 * BatchMinted per batch.
 */
contract AtelierCollectionV2 is ERC721, ERC2981, Ownable, EIP712, ReentrancyGuardTransient, IERC7007 {
    bytes32 private constant MINT_BATCH_TYPEHASH =
        keccak256("MintBatch(bytes32 root,address to,uint256 count,bytes32 licenseHash)");
    bytes32 private constant V1_DOMAIN_TYPEHASH = keccak256("EIP712Domain(string name,string version,uint256 chainId)");
    bytes32 private constant PROVENANCE_TYPEHASH = keccak256(
        "Provenance(bytes32 recordHash,bytes32 pixelsHash,bytes32 weightsHash,address creator,"
        "string licenseId,bytes32 termsHash,uint64 timestamp)"
    );
    bytes32 private constant NAME_HASH = keccak256("Atelier");
    bytes32 private constant V1_VERSION_HASH = keccak256("1");
    bytes private constant BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

    /// The fields of Atelier's EIP-712 Provenance struct (version 1 signatures).
    struct Provenance {
        bytes32 recordHash;
        bytes32 pixelsHash;
        bytes32 weightsHash;
        address creator;
        string licenseId;
        bytes32 termsHash;
        uint64 timestamp;
    }

    struct License {
        string licenseId;
        bytes32 termsHash;
    }

    string private _name;
    string private _symbol;
    bytes32[] private _batchRoots;
    License[] private _licenses;
    mapping(bytes32 licenseHash => uint256 indexPlusOne) private _licenseIndex;

    /// A batch minted: its index, who received it, its Merkle root, size and license.
    event BatchMinted(
        uint256 indexed batchIndex, address indexed to, bytes32 root, uint256 count, uint256 licenseIndex
    );
    /// A license used for the first time.
    event LicenseRegistered(uint256 indexed licenseIndex, string licenseId, bytes32 termsHash);
    /// ERC-4906.
    event MetadataUpdate(uint256 _tokenId);
    /// ERC-4906.
    event BatchMetadataUpdate(uint256 _fromTokenId, uint256 _toTokenId);

    error EmptyBatch();
    error BatchLengthMismatch(uint256 digests, uint256 provenanceHashes);
    error BatchTooLarge(uint256 count);
    error EmptyLicense();
    error TooManyLicenses();
    error InvalidBatchSignature(address signer);
    error TokenAlreadyMinted(uint256 tokenId);
    error TokenMismatch(uint256 tokenId, uint256 provenTokenId);
    error InvalidProvenance(uint256 tokenId);

    /**
     * @param royaltyReceiver who receives ERC-2981 royalties
     * @param royaltyBps the royalty in basis points (500 = 5%), at most 10000
     */
    constructor(string memory name_, string memory symbol_, address royaltyReceiver, uint96 royaltyBps) {
        _name = name_;
        _symbol = symbol_;
        _initializeOwner(msg.sender);
        _setDefaultRoyalty(royaltyReceiver, royaltyBps);
    }

    /// 2: this contract's version. Version 1 has no version() (it has nextTokenId()).
    function version() external pure returns (uint256) {
        return 2;
    }

    function name() public view override returns (string memory) {
        return _name;
    }

    function symbol() public view override returns (string memory) {
        return _symbol;
    }

    /// "ipfs://" + the raw CIDv1 of the metadata whose SHA-256 is the token id.
    function tokenURI(uint256 tokenId) public view override returns (string memory) {
        if (!_exists(tokenId)) revert TokenDoesNotExist();
        return metadataUri(bytes32(tokenId));
    }

    /// "ipfs://b" + base32(0x01 0x55 0x12 0x20 ‖ digest): the URI of raw content with that SHA-256.
    function metadataUri(bytes32 digest) public pure returns (string memory) {
        bytes memory cid = abi.encodePacked(bytes4(0x01551220), digest);
        bytes memory out = abi.encodePacked("ipfs://b", new bytes(58));
        uint256 buffer;
        uint256 bits;
        uint256 j = 8;
        for (uint256 i = 0; i < cid.length; i++) {
            buffer = (buffer << 8) | uint8(cid[i]);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out[j++] = BASE32[(buffer >> bits) & 31];
            }
            buffer &= (1 << bits) - 1;
        }
        if (bits > 0) out[j] = BASE32[(buffer << (5 - bits)) & 31];
        return string(out);
    }

    /**
     * Mints digests.length tokens to `to`, token i with id uint256(digests[i]) and the leaf of
     * (digests[i], provenanceHashes[i]), under one license, if `signature` is the owner's
     * MintBatch signature of this batch.
     * @return batchIndex the batch's index, for batchRoot()
     */
    function mintBatch(
        address to,
        bytes32[] calldata digests,
        bytes32[] calldata provenanceHashes,
        string calldata licenseId,
        bytes32 termsHash,
        bytes calldata signature
    ) external nonReentrant returns (uint256 batchIndex) {
        return _mintBatch(to, digests, provenanceHashes, licenseId, termsHash, signature);
    }

    /**
     * mintBatch, then onERC721Received on `to` for every token when `to` is a contract. The calls
     * come after every token and the root are stored, and the lock refuses any reentrant mint.
     */
    function safeMintBatch(
        address to,
        bytes32[] calldata digests,
        bytes32[] calldata provenanceHashes,
        string calldata licenseId,
        bytes32 termsHash,
        bytes calldata signature
    ) external nonReentrant returns (uint256 batchIndex) {
        batchIndex = _mintBatch(to, digests, provenanceHashes, licenseId, termsHash, signature);
        if (to.code.length != 0) {
            for (uint256 i = 0; i < digests.length; i++) {
                _checkReceiver(to, uint256(digests[i]));
            }
        }
    }

    /// ERC-7007: publishes a token's provenance in an AigcData event, if it verifies.
    function addAigcData(uint256 tokenId, bytes calldata prompt, bytes calldata aigcData, bytes calldata proof)
        external
        override
        onlyOwner
    {
        (, uint256 proven,) = abi.decode(proof, (bytes, uint256, bytes32[]));
        if (proven != tokenId) revert TokenMismatch(tokenId, proven);
        if (!verify(prompt, aigcData, proof)) revert InvalidProvenance(tokenId);
        emit AigcData(tokenId, prompt, aigcData, proof);
    }

    /// ERC-7007: true when `proof` proves aigcData as the owner's provenance of its token.
    function verify(bytes calldata prompt, bytes calldata aigcData, bytes calldata proof)
        public
        view
        override
        returns (bool success)
    {
        (bytes memory signature, uint256 tokenId, bytes32[] memory merkleProof) =
            abi.decode(proof, (bytes, uint256, bytes32[]));
        Provenance memory p = _decode(aigcData);
        if (prompt.length != 0 && sha256(prompt) != p.recordHash) return false;
        if (!_exists(tokenId)) return false;
        (address signer, ECDSA.RecoverError err,) = ECDSA.tryRecover(_provenanceDigest(p), signature);
        if (err != ECDSA.RecoverError.NoError || signer != p.creator || signer != owner()) return false;
        uint96 extra = _getExtraData(tokenId);
        License storage l = _licenses[uint16(extra >> 32)];
        if (keccak256(bytes(l.licenseId)) != keccak256(bytes(p.licenseId)) || l.termsHash != p.termsHash) {
            return false;
        }
        bytes32 leaf = _leaf(bytes32(tokenId), keccak256(abi.encode(keccak256(aigcData), keccak256(signature))));
        return MerkleProof.verify(merkleProof, _batchRoots[uint32(extra)], leaf);
    }

    /// The version 1 EIP-712 digest of a provenance struct on this chain (what the creator signs).
    function provenanceDigest(bytes calldata aigcData) external view returns (bytes32) {
        return _provenanceDigest(_decode(aigcData));
    }

    /// The EIP-712 digest the owner signs for a batch.
    function mintBatchDigest(bytes32 root, address to, uint256 count, bytes32 licenseHash)
        public
        view
        returns (bytes32)
    {
        return _hashTypedData(keccak256(abi.encode(MINT_BATCH_TYPEHASH, root, to, count, licenseHash)));
    }

    /// A token's license: its id (e.g. CC-BY-4.0) and the SHA-256 of its terms.
    function license(uint256 tokenId) external view returns (string memory licenseId, bytes32 termsHash) {
        if (!_exists(tokenId)) revert TokenDoesNotExist();
        License storage l = _licenses[uint16(_getExtraData(tokenId) >> 32)];
        return (l.licenseId, l.termsHash);
    }

    /// The batch a token was minted in and its position in the call data that minted it: the
    /// signed tree's leaf index, unless the sender reordered leaves into the same root (sorted
    /// pairs make swapped siblings hash alike; the proofs stay valid either way).
    function batchOf(uint256 tokenId) external view returns (uint256 batchIndex, uint256 position) {
        if (!_exists(tokenId)) revert TokenDoesNotExist();
        uint96 extra = _getExtraData(tokenId);
        return (uint32(extra), uint16(extra >> 48));
    }

    /// The Merkle root of a batch.
    function batchRoot(uint256 batchIndex) external view returns (bytes32) {
        return _batchRoots[batchIndex];
    }

    /// How many batches were minted.
    function batchCount() external view returns (uint256) {
        return _batchRoots.length;
    }

    /// Changes the default royalty (ERC-2981) of all tokens.
    function setDefaultRoyalty(address receiver, uint96 royaltyBps) external onlyOwner {
        _setDefaultRoyalty(receiver, royaltyBps);
        emit BatchMetadataUpdate(0, type(uint256).max);
    }

    function supportsInterface(bytes4 interfaceId) public view override(ERC721, ERC2981) returns (bool) {
        return interfaceId == type(IERC7007).interfaceId || interfaceId == bytes4(0x49064906)
            || ERC721.supportsInterface(interfaceId) || ERC2981.supportsInterface(interfaceId);
    }

    function _mintBatch(
        address to,
        bytes32[] calldata digests,
        bytes32[] calldata provenanceHashes,
        string calldata licenseId,
        bytes32 termsHash,
        bytes calldata signature
    ) private returns (uint256 batchIndex) {
        uint256 n = digests.length;
        if (n == 0) revert EmptyBatch();
        if (provenanceHashes.length != n) revert BatchLengthMismatch(n, provenanceHashes.length);
        if (n > type(uint16).max) revert BatchTooLarge(n);
        bytes32 licenseHash = keccak256(abi.encode(keccak256(bytes(licenseId)), termsHash));
        bytes32 root = _signedRoot(to, digests, provenanceHashes, licenseHash, signature);
        uint256 licenseIndex = _licenseIndexFor(licenseHash, licenseId, termsHash);
        batchIndex = _batchRoots.length;
        _batchRoots.push(root);
        _mintAll(to, digests, uint96(batchIndex | (licenseIndex << 32)));
        emit BatchMinted(batchIndex, to, root, n, licenseIndex);
    }

    /// The batch's root, if `signature` is the owner's MintBatch signature of it.
    function _signedRoot(
        address to,
        bytes32[] calldata digests,
        bytes32[] calldata provenanceHashes,
        bytes32 licenseHash,
        bytes calldata signature
    ) private view returns (bytes32 root) {
        root = _root(digests, provenanceHashes);
        bytes32 digest = mintBatchDigest(root, to, digests.length, licenseHash);
        (address signer, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(digest, signature);
        if (err != ECDSA.RecoverError.NoError || signer != owner()) revert InvalidBatchSignature(signer);
    }

    /// Mints token i with extra data `extra` and position i.
    function _mintAll(address to, bytes32[] calldata digests, uint96 extra) private {
        uint256 n = digests.length;
        for (uint256 i = 0; i < n; i++) {
            uint256 id = uint256(digests[i]);
            if (_exists(id)) revert TokenAlreadyMinted(id);
            _mintAndSetExtraDataUnchecked(to, id, extra | uint96(i << 48));
        }
    }

    /// The batch's Merkle root, computed level by level in memory.
    function _root(bytes32[] calldata digests, bytes32[] calldata provenanceHashes)
        private
        pure
        returns (bytes32 root)
    {
        uint256 n = digests.length;
        bytes32[] memory nodes = new bytes32[](n);
        for (uint256 i = 0; i < n; i++) {
            nodes[i] = _leaf(digests[i], provenanceHashes[i]);
        }
        while (n > 1) {
            uint256 half = n >> 1;
            for (uint256 i = 0; i < half; i++) {
                nodes[i] = _pair(nodes[2 * i], nodes[2 * i + 1]);
            }
            if (n & 1 == 1) {
                nodes[half] = nodes[n - 1];
                n = half + 1;
            } else {
                n = half;
            }
        }
        return nodes[0];
    }

    function _leaf(bytes32 digest, bytes32 provenanceHash) private pure returns (bytes32 leaf) {
        assembly ("memory-safe") {
            mstore(0x00, digest)
            mstore(0x20, provenanceHash)
            mstore(0x00, keccak256(0x00, 0x40))
            leaf := keccak256(0x00, 0x20)
        }
    }

    function _pair(bytes32 a, bytes32 b) private pure returns (bytes32 node) {
        assembly ("memory-safe") {
            switch lt(a, b)
            case 1 {
                mstore(0x00, a)
                mstore(0x20, b)
            }
            default {
                mstore(0x00, b)
                mstore(0x20, a)
            }
            node := keccak256(0x00, 0x40)
        }
    }

    function _licenseIndexFor(bytes32 licenseHash, string calldata licenseId, bytes32 termsHash)
        private
        returns (uint256 index)
    {
        uint256 plusOne = _licenseIndex[licenseHash];
        if (plusOne != 0) return plusOne - 1;
        if (bytes(licenseId).length == 0) revert EmptyLicense();
        index = _licenses.length;
        if (index > type(uint16).max) revert TooManyLicenses();
        _licenses.push(License(licenseId, termsHash));
        _licenseIndex[licenseHash] = index + 1;
        emit LicenseRegistered(index, licenseId, termsHash);
    }

    function _checkReceiver(address to, uint256 id) private {
        try IERC721Receiver(to).onERC721Received(msg.sender, address(0), id, "") returns (bytes4 answer) {
            if (answer != IERC721Receiver.onERC721Received.selector) revert TransferToNonERC721ReceiverImplementer();
        } catch (bytes memory reason) {
            if (reason.length == 0) revert TransferToNonERC721ReceiverImplementer();
            assembly ("memory-safe") {
                revert(add(reason, 0x20), mload(reason))
            }
        }
    }

    function _decode(bytes calldata aigcData) private pure returns (Provenance memory p) {
        (p.recordHash, p.pixelsHash, p.weightsHash, p.creator, p.licenseId, p.termsHash, p.timestamp) =
            abi.decode(aigcData, (bytes32, bytes32, bytes32, address, string, bytes32, uint64));
    }

    function _provenanceDigest(Provenance memory p) private view returns (bytes32) {
        bytes32 domainSeparator = keccak256(abi.encode(V1_DOMAIN_TYPEHASH, NAME_HASH, V1_VERSION_HASH, block.chainid));
        bytes32 structHash = keccak256(
            abi.encode(
                PROVENANCE_TYPEHASH,
                p.recordHash,
                p.pixelsHash,
                p.weightsHash,
                p.creator,
                keccak256(bytes(p.licenseId)),
                p.termsHash,
                p.timestamp
            )
        );
        return keccak256(abi.encodePacked("\x19\x01", domainSeparator, structHash));
    }

    function _domainNameAndVersion() internal pure override returns (string memory, string memory) {
        return ("Atelier", "2");
    }

    /// The lock is transient storage on every chain (Cancun and later).
    function _useTransientReentrancyGuardOnlyOnMainnet() internal pure override returns (bool) {
        return false;
    }
}

/// ERC-721's receiver interface.
interface IERC721Receiver {
    function onERC721Received(address operator, address from, uint256 tokenId, bytes calldata data)
        external
        returns (bytes4);
}
