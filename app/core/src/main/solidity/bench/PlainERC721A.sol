// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721A} from "erc721a/contracts/ERC721A.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/**
 * @title PlainERC721A: the smallest owner-minted ERC721A, a reference point for gas.
 *
 * Not part of Atelier's product: the gas benchmark (dev.atelier.bench.GasBench) mints batches into
 * it next to AtelierCollection. ERC721A's _mint writes one packed ownership slot and one balance per
 * batch, whatever its size, and a Transfer event per token: the floor of what a batch mint of
 * consecutive ids costs, with no URI, license or provenance.
 */
contract PlainERC721A is ERC721A, Ownable {
    constructor() ERC721A("Plain A", "PLAINA") Ownable(msg.sender) {}

    /// Mints `quantity` consecutive tokens to `to`.
    function mint(address to, uint256 quantity) external onlyOwner {
        _mint(to, quantity);
    }
}
