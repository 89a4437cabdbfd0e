// Independent checks of Atelier's content addressing (dev.atelier.content) with multiformats
// (CIDs, multibase, multihash) and @ipld/car (CARv1). The Java tests run this script with
// `node content-check.mjs <command> <args...>`; each command prints one JSON object.
//
//   cid <codec> <file>...        CIDv1 (sha2-256, base32) of each file's bytes under a codec
//                                given as a number (85 = raw, 512 = json, 297 = dag-json)
//   parse <cid>...               what CID.parse makes of each string: version, codec, multihash
//                                code, digest (hex), the CID again in base32, or its error
//   read-car <car-file>          roots and blocks as CarReader.fromBytes reads them; each block's
//                                SHA-256 is recomputed here and compared with its CID
//   write-car <out> <n> <file>...
//                                a CAR written by CarWriter holding each file as a raw block,
//                                the first n of them as roots
import { readFileSync, writeFileSync } from "node:fs";
import { CarReader, CarWriter } from "@ipld/car";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";

function hex(bytes) {
  return Buffer.from(bytes).toString("hex");
}

async function rawCid(bytes) {
  return CID.create(1, raw.code, await sha256.digest(bytes));
}

const commands = {
  async cid(codec, ...files) {
    const cids = [];
    for (const file of files) {
      const digest = await sha256.digest(readFileSync(file));
      cids.push(CID.create(1, Number(codec), digest).toString());
    }
    return { cids };
  },
  parse(...strings) {
    return {
      results: strings.map((s) => {
        try {
          const cid = CID.parse(s);
          return {
            version: cid.version,
            codec: cid.code,
            hash: cid.multihash.code,
            digest: hex(cid.multihash.digest),
            string: cid.toV1().toString(),
            bytes: hex(cid.bytes),
          };
        } catch (e) {
          return { error: e.message };
        }
      }),
    };
  },
  async "read-car"(file) {
    const reader = await CarReader.fromBytes(readFileSync(file));
    const roots = (await reader.getRoots()).map((c) => c.toString());
    const blocks = [];
    for await (const { cid, bytes } of reader.blocks()) {
      const digest = await sha256.digest(bytes);
      blocks.push({
        cid: cid.toString(),
        codec: cid.code,
        // The hash check CarReader leaves to its caller.
        verified: cid.multihash.code === sha256.code && hex(digest.digest) === hex(cid.multihash.digest),
        base64: Buffer.from(bytes).toString("base64"),
      });
    }
    return { version: reader.version, roots, blocks };
  },
  async "write-car"(out, n, ...files) {
    const blocks = [];
    for (const file of files) {
      const bytes = readFileSync(file);
      blocks.push({ cid: await rawCid(bytes), bytes });
    }
    const roots = blocks.slice(0, Number(n)).map((b) => b.cid);
    const { writer, out: stream } = CarWriter.create(roots);
    const chunks = [];
    const collected = (async () => {
      for await (const chunk of stream) {
        chunks.push(chunk);
      }
    })();
    for (const block of blocks) {
      await writer.put(block);
    }
    await writer.close();
    await collected;
    writeFileSync(out, Buffer.concat(chunks));
    return { roots: roots.map((c) => c.toString()), cids: blocks.map((b) => b.cid.toString()) };
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
  console.error(e.message);
  process.exit(1);
}
