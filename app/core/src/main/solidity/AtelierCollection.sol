// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {ERC721URIStorage} from "@openzeppelin/contracts/token/ERC721/extensions/ERC721URIStorage.sol";
import {ERC2981} from "@openzeppelin/contracts/token/common/ERC2981.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/**
 * @title The ERC-7007 interface (verifiable AI-generated content token), as finalised.
 */
interface IERC7007 {
    event AigcData(uint256 indexed tokenId, bytes indexed prompt, bytes indexed aigcData, bytes proof);

    function addAigcData(uint256 tokenId, bytes calldata prompt, bytes calldata aigcData, bytes calldata proof)
        external;

    function verify(bytes calldata prompt, bytes calldata aigcData, bytes calldata proof)
        external
        view
        returns (bool success);
}

/**
 * @title AtelierCollection: one artist's ERC-721 collection of images made in Atelier.
 *
 * The deployer owns the collection and is the only one who mints. Every token has a metadata URI
 * (ERC-4906 MetadataUpdate events come with it), a license (id and SHA-256 of its terms) and, when
 * minted with provenance, the creator's EIP-712 provenance signature, checked on-chain.
 *
 * ERC-7007 data of a token:
 *  - aigcData = abi.encode(bytes32 recordHash, bytes32 pixelsHash, bytes32 weightsHash,
 *      address creator, string licenseId, bytes32 termsHash, uint64 timestamp): the fields of
 *      Atelier's EIP-712 Provenance struct, in its order.
 *  - proof = the creator's 65-byte EIP-712 signature (r, s, v) of that struct, domain
 *      {name "Atelier", version "1", chainId = block.chainid}, no verifyingContract.
 *  - prompt = the UTF-8 bytes of the provenance record's RFC 8785 canonical JSON (it holds the text
 *      prompt, seed, model and the rest), whose SHA-256 must equal recordHash; or empty when the
 *      record is kept off-chain (anyone holding it can still compare its SHA-256 with recordHash).
 *
 * verify() is true when the signature recovers to the struct's creator, that creator is this
 * collection's owner, and a non-empty prompt hashes to recordHash.
 */
contract AtelierCollection is ERC721URIStorage, ERC2981, Ownable, IERC7007 {
    bytes32 private constant DOMAIN_TYPEHASH = keccak256("EIP712Domain(string name,string version,uint256 chainId)");
    bytes32 private constant PROVENANCE_TYPEHASH = keccak256(
        "Provenance(bytes32 recordHash,bytes32 pixelsHash,bytes32 weightsHash,address creator,"
        "string licenseId,bytes32 termsHash,uint64 timestamp)"
    );
    bytes32 private constant NAME_HASH = keccak256("Atelier");
    bytes32 private constant VERSION_HASH = keccak256("1");

    /// The fields of Atelier's EIP-712 Provenance struct.
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

    struct TokenProvenance {
        bytes32 recordHash;
        bytes32 pixelsHash;
        bytes proof;
    }

    uint256 private _nextTokenId = 1;
    mapping(uint256 tokenId => License) private _licenses;
    mapping(uint256 tokenId => TokenProvenance) private _provenance;

    /// One token minted (the ERC-721 Transfer event carries the same id).
    event Minted(uint256 indexed tokenId, address indexed to, string licenseId);
    /// Tokens firstTokenId..lastTokenId (inclusive) minted in one transaction.
    event BatchMinted(address indexed to, uint256 firstTokenId, uint256 lastTokenId);

    error EmptyLicense();
    error EmptyBatch();
    error BatchLengthMismatch(uint256 uris, uint256 prompts, uint256 aigcData, uint256 proofs);
    error InvalidProvenance(uint256 tokenId);
    error LicenseMismatch(uint256 tokenId);
    error ProvenanceAlreadySet(uint256 tokenId);

    /**
     * @param royaltyReceiver who receives ERC-2981 royalties
     * @param royaltyBps the royalty in basis points (500 = 5%), at most 10000
     */
    constructor(string memory name_, string memory symbol_, address royaltyReceiver, uint96 royaltyBps)
        ERC721(name_, symbol_)
        Ownable(msg.sender)
    {
        _setDefaultRoyalty(royaltyReceiver, royaltyBps);
    }

    /// Mints one token with a license and no provenance (addAigcData may add it later).
    function mint(address to, string calldata uri, string calldata licenseId, bytes32 termsHash)
        external
        onlyOwner
        returns (uint256 tokenId)
    {
        if (bytes(licenseId).length == 0) revert EmptyLicense();
        tokenId = _nextTokenId++;
        _safeMint(to, tokenId);
        _setTokenURI(tokenId, uri);
        _licenses[tokenId] = License(licenseId, termsHash);
        emit Minted(tokenId, to, licenseId);
    }

    /// Mints one token whose license and provenance come from a verified creator signature.
    function mintWithProvenance(
        address to,
        string calldata uri,
        bytes calldata prompt,
        bytes calldata aigcData,
        bytes calldata proof
    ) external onlyOwner returns (uint256 tokenId) {
        tokenId = _nextTokenId++;
        _mintProven(to, tokenId, uri, prompt, aigcData, proof);
    }

    /**
     * Mints uris.length tokens in one transaction, token i with uris[i] and the provenance
     * (prompts[i], aigcData[i], proofs[i]), each checked as in verify().
     */
    function mintBatch(
        address to,
        string[] calldata uris,
        bytes[] calldata prompts,
        bytes[] calldata aigcData,
        bytes[] calldata proofs
    ) external onlyOwner returns (uint256 firstTokenId, uint256 lastTokenId) {
        uint256 n = uris.length;
        if (n == 0) revert EmptyBatch();
        if (prompts.length != n || aigcData.length != n || proofs.length != n) {
            revert BatchLengthMismatch(n, prompts.length, aigcData.length, proofs.length);
        }
        firstTokenId = _nextTokenId;
        lastTokenId = firstTokenId + n - 1;
        _nextTokenId = lastTokenId + 1;
        for (uint256 i = 0; i < n; i++) {
            _mintProven(to, firstTokenId + i, uris[i], prompts[i], aigcData[i], proofs[i]);
        }
        emit BatchMinted(to, firstTokenId, lastTokenId);
    }

    /// ERC-7007: adds provenance to a token minted without it. Its license must match the signed one.
    function addAigcData(uint256 tokenId, bytes calldata prompt, bytes calldata aigcData, bytes calldata proof)
        external
        override
        onlyOwner
    {
        _requireOwned(tokenId);
        if (_provenance[tokenId].recordHash != bytes32(0)) revert ProvenanceAlreadySet(tokenId);
        Provenance memory p = _checked(tokenId, prompt, aigcData, proof);
        License storage l = _licenses[tokenId];
        if (keccak256(bytes(l.licenseId)) != keccak256(bytes(p.licenseId)) || l.termsHash != p.termsHash) {
            revert LicenseMismatch(tokenId);
        }
        _provenance[tokenId] = TokenProvenance(p.recordHash, p.pixelsHash, proof);
        emit AigcData(tokenId, prompt, aigcData, proof);
    }

    /// ERC-7007: true when proof is this collection owner's provenance signature over aigcData.
    function verify(bytes calldata prompt, bytes calldata aigcData, bytes calldata proof)
        public
        view
        override
        returns (bool success)
    {
        return _verify(prompt, _decode(aigcData), proof);
    }

    /// The EIP-712 digest the creator signs for a provenance struct on this chain.
    function provenanceDigest(bytes calldata aigcData) external view returns (bytes32) {
        return _digest(_decode(aigcData));
    }

    /// A token's license: its id (e.g. CC-BY-4.0) and the SHA-256 of its terms.
    function license(uint256 tokenId) external view returns (string memory licenseId, bytes32 termsHash) {
        _requireOwned(tokenId);
        License storage l = _licenses[tokenId];
        return (l.licenseId, l.termsHash);
    }

    /// A token's provenance: record hash, pixels hash and the creator's signature; zeros and empty if none.
    function provenance(uint256 tokenId)
        external
        view
        returns (bytes32 recordHash, bytes32 pixelsHash, bytes memory proof)
    {
        _requireOwned(tokenId);
        TokenProvenance storage t = _provenance[tokenId];
        return (t.recordHash, t.pixelsHash, t.proof);
    }

    /// The id the next minted token gets.
    function nextTokenId() external view returns (uint256) {
        return _nextTokenId;
    }

    /// Changes the default royalty (ERC-2981) of all tokens.
    function setDefaultRoyalty(address receiver, uint96 royaltyBps) external onlyOwner {
        _setDefaultRoyalty(receiver, royaltyBps);
    }

    function supportsInterface(bytes4 interfaceId)
        public
        view
        override(ERC721URIStorage, ERC2981)
        returns (bool)
    {
        return interfaceId == type(IERC7007).interfaceId || ERC721URIStorage.supportsInterface(interfaceId)
            || ERC2981.supportsInterface(interfaceId);
    }

    function _mintProven(
        address to,
        uint256 tokenId,
        string calldata uri,
        bytes calldata prompt,
        bytes calldata aigcData,
        bytes calldata proof
    ) private {
        Provenance memory p = _checked(tokenId, prompt, aigcData, proof);
        _safeMint(to, tokenId);
        _setTokenURI(tokenId, uri);
        _licenses[tokenId] = License(p.licenseId, p.termsHash);
        _provenance[tokenId] = TokenProvenance(p.recordHash, p.pixelsHash, proof);
        emit Minted(tokenId, to, p.licenseId);
        emit AigcData(tokenId, prompt, aigcData, proof);
    }

    function _checked(uint256 tokenId, bytes calldata prompt, bytes calldata aigcData, bytes calldata proof)
        private
        view
        returns (Provenance memory p)
    {
        p = _decode(aigcData);
        if (bytes(p.licenseId).length == 0) revert EmptyLicense();
        if (p.recordHash == bytes32(0) || !_verify(prompt, p, proof)) revert InvalidProvenance(tokenId);
    }

    function _decode(bytes calldata aigcData) private pure returns (Provenance memory p) {
        (p.recordHash, p.pixelsHash, p.weightsHash, p.creator, p.licenseId, p.termsHash, p.timestamp) =
            abi.decode(aigcData, (bytes32, bytes32, bytes32, address, string, bytes32, uint64));
    }

    function _verify(bytes calldata prompt, Provenance memory p, bytes calldata proof) private view returns (bool) {
        if (prompt.length != 0 && sha256(prompt) != p.recordHash) return false;
        (address signer, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(_digest(p), proof);
        return err == ECDSA.RecoverError.NoError && signer == p.creator && signer == owner();
    }

    function _digest(Provenance memory p) private view returns (bytes32) {
        bytes32 domainSeparator = keccak256(abi.encode(DOMAIN_TYPEHASH, NAME_HASH, VERSION_HASH, block.chainid));
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
}
