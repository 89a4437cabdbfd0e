// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title ReenteringReceiver: an ERC-721 receiver that calls back into the collection that mints
 * to it, for the tests of AtelierCollectionV2's reentrancy lock.
 *
 * arm(collection, data, bubble) stores a call; on the first onERC721Received the receiver sends
 * it to the collection. Its outcome is kept (reentered, reentryError); with bubble the receiver
 * reverts with the collection's error, otherwise it accepts the token anyway.
 */
contract ReenteringReceiver {
    address public collection;
    bytes public reentry;
    bool public bubble;
    bool public tried;
    bool public reentered;
    bytes public reentryError;
    uint256 public received;

    function arm(address collection_, bytes calldata data, bool bubble_) external {
        collection = collection_;
        reentry = data;
        bubble = bubble_;
    }

    function onERC721Received(address, address, uint256, bytes calldata) external returns (bytes4) {
        received++;
        if (!tried && reentry.length != 0) {
            tried = true;
            (bool ok, bytes memory answer) = collection.call(reentry);
            if (ok) {
                reentered = true;
            } else {
                reentryError = answer;
                if (bubble) {
                    assembly ("memory-safe") {
                        revert(add(answer, 0x20), mload(answer))
                    }
                }
            }
        }
        return this.onERC721Received.selector;
    }
}
