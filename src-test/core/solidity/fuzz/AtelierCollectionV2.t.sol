// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AtelierCollectionV2} from "../src/AtelierCollectionV2.sol";

interface Vm {
    function addr(uint256 key) external returns (address);
    function sign(uint256 key, bytes32 digest) external returns (uint8 v, bytes32 r, bytes32 s);
    function assume(bool condition) external;
}

/**
 * @title Fuzz properties of AtelierCollectionV2 for Foundry's forge (tools/js/forge-fuzz.sh runs
 * them; forge is not part of the build). No forge-std: the few cheatcodes used are declared above.
 */
contract AtelierCollectionV2FuzzTest {
    Vm constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    uint256 constant OWNER_KEY = 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80;
    uint256 constant N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
    bytes32 constant TERMS = 0x4c3c0cad4496cdf420b45909eeba725243fb7709878fc1f8dff9e39357773b46;
    string constant LICENSE = "CC-BY-4.0";
    AtelierCollectionV2 c;
    address owner;

    function setUp() public {
        owner = vm.addr(OWNER_KEY);
        c = new AtelierCollectionV2("Fuzz", "FZ", owner, 500);
        // The test contract deployed it: hand it to the owner key.
        c.transferOwnership(owner);
    }

    function _licenseHash() internal pure returns (bytes32) {
        return keccak256(abi.encode(keccak256(bytes(LICENSE)), TERMS));
    }

    function _leaf(bytes32 d, bytes32 p) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(d, p))));
    }

    function _pair(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return a < b ? keccak256(abi.encode(a, b)) : keccak256(abi.encode(b, a));
    }

    function _root(bytes32[] memory d, bytes32[] memory p) internal pure returns (bytes32) {
        // Four leaves: two levels.
        return _pair(_pair(_leaf(d[0], p[0]), _leaf(d[1], p[1])), _pair(_leaf(d[2], p[2]), _leaf(d[3], p[3])));
    }

    function _sign(uint256 key, bytes32 digest) internal returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    function _arrays(bytes32[4] memory d4, bytes32[4] memory p4)
        internal
        pure
        returns (bytes32[] memory d, bytes32[] memory p)
    {
        d = new bytes32[](4);
        p = new bytes32[](4);
        for (uint256 i = 0; i < 4; i++) {
            d[i] = d4[i];
            p[i] = p4[i];
        }
    }

    function _distinct(bytes32[] memory d) internal pure returns (bool) {
        for (uint256 i = 0; i < d.length; i++) {
            for (uint256 j = i + 1; j < d.length; j++) {
                if (d[i] == d[j]) return false;
            }
        }
        return true;
    }

    function _refusedWith(bytes memory call, bytes4 selector) internal {
        (bool ok, bytes memory answer) = address(c).call(call);
        require(!ok, "accepted");
        require(bytes4(answer) == selector, "another error");
    }

    /// Property: a batch signed by any key but the owner's is refused, naming that signer.
    function testFuzz_anotherSignerIsRefused(uint256 key, bytes32[4] memory d4, bytes32[4] memory p4, address to)
        public
    {
        key = 1 + (key % (N - 1));
        vm.assume(key != OWNER_KEY && to != address(0));
        (bytes32[] memory d, bytes32[] memory p) = _arrays(d4, p4);
        bytes memory sig = _sign(key, c.mintBatchDigest(_root(d, p), to, 4, _licenseHash()));
        (bool ok, bytes memory answer) =
            address(c).call(abi.encodeCall(c.mintBatch, (to, d, p, LICENSE, TERMS, sig)));
        require(!ok, "accepted");
        require(
            keccak256(answer)
                == keccak256(abi.encodeWithSelector(AtelierCollectionV2.InvalidBatchSignature.selector, vm.addr(key))),
            "another error"
        );
    }

    /// Property: the owner's signature over one batch does not mint a batch with any leaf changed.
    function testFuzz_aChangedLeafIsRefused(
        bytes32[4] memory d4,
        bytes32[4] memory p4,
        uint8 which,
        bool digest,
        bytes32 replacement
    ) public {
        (bytes32[] memory d, bytes32[] memory p) = _arrays(d4, p4);
        vm.assume(_distinct(d));
        bytes memory sig = _sign(OWNER_KEY, c.mintBatchDigest(_root(d, p), owner, 4, _licenseHash()));
        uint256 i = which % 4;
        if (digest) {
            vm.assume(d[i] != replacement);
            d[i] = replacement;
        } else {
            vm.assume(p[i] != replacement);
            p[i] = replacement;
        }
        _refusedWith(
            abi.encodeCall(c.mintBatch, (owner, d, p, LICENSE, TERMS, sig)),
            AtelierCollectionV2.InvalidBatchSignature.selector
        );
    }

    /// Property: a valid batch mints, every token verifies, and a byte flipped in its data does not.
    function testFuzz_aValidBatchVerifiesAndAFlippedByteDoesNot(
        bytes32[4] memory d4,
        bytes32[3] memory hashes,
        uint64 timestamp,
        uint16 flipAt,
        uint8 flipBits
    ) public {
        bytes32[] memory d = new bytes32[](4);
        bytes32[] memory p = new bytes32[](4);
        bytes[] memory data = new bytes[](4);
        bytes[] memory sigs = new bytes[](4);
        for (uint256 i = 0; i < 4; i++) {
            d[i] = d4[i];
            data[i] = abi.encode(hashes[0], hashes[1] ^ bytes32(i), hashes[2], owner, LICENSE, TERMS, timestamp);
            sigs[i] = _sign(OWNER_KEY, c.provenanceDigest(data[i]));
            p[i] = keccak256(abi.encode(keccak256(data[i]), keccak256(sigs[i])));
        }
        vm.assume(_distinct(d));
        bytes memory sig = _sign(OWNER_KEY, c.mintBatchDigest(_root(d, p), owner, 4, _licenseHash()));
        c.mintBatch(owner, d, p, LICENSE, TERMS, sig);
        for (uint256 i = 0; i < 4; i++) {
            bytes32[] memory path = new bytes32[](2);
            path[0] = _leaf(d[i ^ 1], p[i ^ 1]);
            path[1] = i < 2 ? _pair(_leaf(d[2], p[2]), _leaf(d[3], p[3])) : _pair(_leaf(d[0], p[0]), _leaf(d[1], p[1]));
            bytes memory proof = abi.encode(sigs[i], uint256(d[i]), path);
            require(c.verify("", data[i], proof), "a minted token does not verify");
            require(keccak256(bytes(c.tokenURI(uint256(d[i])))) == keccak256(bytes(c.metadataUri(d[i]))), "uri");
            bytes memory changed = bytes.concat(data[i]);
            uint256 pos = flipAt % changed.length;
            changed[pos] = changed[pos] ^ bytes1(flipBits == 0 ? 1 : flipBits);
            try c.verify("", changed, proof) returns (bool ok) {
                require(!ok, "a changed aigcData verifies");
            } catch {}
        }
    }
}
