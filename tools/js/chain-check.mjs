// Independent checks of Atelier's chain code with ethers v6. The Java tests run this script with
// `node chain-check.mjs <command> <args...>`; each command prints one JSON object on stdout.
//
//   token <rpc-url> <collection> <token-id>     owner, URI, license, royalty (of 10000) and
//                                               provenance of a token, read through ethers
//   verify <rpc-url> <collection> <prompt> <aigc-data> <proof>   the contract's ERC-7007 verify
//   aigc-data <recordHash> <pixelsHash> <weightsHash> <creator> <licenseId> <termsHash> <timestamp>
//                                               aigcData as ethers' ABI coder encodes it
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { AbiCoder, Contract, JsonRpcProvider } from "ethers";

const here = dirname(fileURLToPath(import.meta.url));
const artifact = JSON.parse(
  readFileSync(join(here, "..", "..", "app/core/src/main/resources/dev/atelier/chain/AtelierCollection.json"), "utf8"),
);

function collection(url, address) {
  const provider = new JsonRpcProvider(url, undefined, { staticNetwork: true });
  return new Contract(address, artifact.abi, provider);
}

const commands = {
  async token(url, address, id) {
    const c = collection(url, address);
    const [licenseId, termsHash] = await c.license(id);
    const [receiver, amount] = await c.royaltyInfo(id, 10000n);
    const [recordHash, pixelsHash, proof] = await c.provenance(id);
    return {
      owner: await c.owner(),
      ownerOf: await c.ownerOf(id),
      tokenURI: await c.tokenURI(id),
      license: { licenseId, termsHash },
      royalty: { receiver, amount: amount.toString() },
      provenance: { recordHash, pixelsHash, proof },
    };
  },
  async verify(url, address, prompt, aigcData, proof) {
    return { valid: await collection(url, address).verify(prompt, aigcData, proof) };
  },
  "aigc-data"(recordHash, pixelsHash, weightsHash, creator, licenseId, termsHash, timestamp) {
    return {
      aigcData: AbiCoder.defaultAbiCoder().encode(
        ["bytes32", "bytes32", "bytes32", "address", "string", "bytes32", "uint64"],
        [recordHash, pixelsHash, weightsHash, creator, licenseId, termsHash, BigInt(timestamp)],
      ),
    };
  },
};

const [command, ...args] = process.argv.slice(2);
if (!(command in commands)) {
  console.error(`unknown command ${command}; one of ${Object.keys(commands).join(", ")}`);
  process.exit(2);
}
try {
  console.log(JSON.stringify(await commands[command](...args)));
} catch (e) {
  console.error(e.shortMessage ?? e.message);
  process.exit(1);
}
