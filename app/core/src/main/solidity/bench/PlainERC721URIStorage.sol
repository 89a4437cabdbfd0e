// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {ERC721URIStorage} from "@openzeppelin/contracts/token/ERC721/extensions/ERC721URIStorage.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/**
 * @title PlainERC721URIStorage: PlainERC721 with a metadata URI per token, a reference point for gas.
 *
 * Not part of Atelier's product: the gas benchmark (dev.atelier.bench.GasBench) uses it to tell
 * what storing a token URI costs (OpenZeppelin's ERC721URIStorage, as AtelierCollection uses) from
 * what Atelier adds on top: the license, _safeMint's receiver check, its events and provenance.
 */
contract PlainERC721URIStorage is ERC721URIStorage, Ownable {
    uint256 private _nextTokenId = 1;

    constructor() ERC721("Plain URI", "PLAINURI") Ownable(msg.sender) {}

    /// Mints the next token to `to` with its metadata URI.
    function mint(address to, string calldata uri) external onlyOwner returns (uint256 tokenId) {
        tokenId = _nextTokenId++;
        _mint(to, tokenId);
        _setTokenURI(tokenId, uri);
    }
}
