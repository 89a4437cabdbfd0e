// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/**
 * @title PlainERC721: the smallest owner-minted OpenZeppelin ERC-721, a reference point for gas.
 *
 * Not part of Atelier's product: the gas benchmark (dev.atelier.bench.GasBench) mints into it next
 * to AtelierCollection, so each Atelier figure can be read against what a bare token costs. A mint
 * is OpenZeppelin's _mint (owner and balance) plus a counter, with no URI, license or provenance.
 */
contract PlainERC721 is ERC721, Ownable {
    uint256 private _nextTokenId = 1;

    constructor() ERC721("Plain", "PLAIN") Ownable(msg.sender) {}

    /// Mints the next token to `to`.
    function mint(address to) external onlyOwner returns (uint256 tokenId) {
        tokenId = _nextTokenId++;
        _mint(to, tokenId);
    }
}
