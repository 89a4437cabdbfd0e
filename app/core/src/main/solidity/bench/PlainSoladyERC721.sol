// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "solady/tokens/ERC721.sol";
import {Ownable} from "solady/auth/Ownable.sol";

/**
 * @title PlainSoladyERC721: the smallest owner-minted Solady ERC-721, a reference point for gas.
 *
 * Not part of Atelier's product: the gas benchmark (dev.atelier.bench.GasBench) mints into it next
 * to AtelierCollection. Solady's _mint keeps the owner and the balance with hand-written assembly,
 * one storage slot per token; a batch is a loop of _mint over the given ids. No URI, license or
 * provenance.
 */
contract PlainSoladyERC721 is ERC721, Ownable {
    constructor() {
        _initializeOwner(msg.sender);
    }

    function name() public pure override returns (string memory) {
        return "Plain Solady";
    }

    function symbol() public pure override returns (string memory) {
        return "PLAINSOLADY";
    }

    /// No metadata: the token only has to exist.
    function tokenURI(uint256 id) public view override returns (string memory) {
        if (!_exists(id)) revert TokenDoesNotExist();
        return "";
    }

    /// Mints token `id` to `to`.
    function mint(address to, uint256 id) external onlyOwner {
        _mint(to, id);
    }

    /// Mints tokens `ids` to `to`, one _mint each.
    function mintBatch(address to, uint256[] calldata ids) external onlyOwner {
        for (uint256 i; i < ids.length; ++i) {
            _mint(to, ids[i]);
        }
    }
}
