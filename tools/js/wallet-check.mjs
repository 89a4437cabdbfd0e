// Independent checks of Atelier's wallet with ethers v6. The Java tests run this script with
// `node wallet-check.mjs <command> <args...>`; each command prints one JSON object on stdout.
//
//   derive <phrase> <passphrase> <index>     BIP-39 seed and BIP-44 account m/44'/60'/0'/0/<index>
//   decrypt <keystore-file> <password>       address and private key in a v3 keystore
//   encrypt <private-key> <password> <n> <out-file>   writes a v3 keystore (scrypt n, r=8, p=1)
//   sign-message <private-key> <hex-message>          EIP-191 signature
//   verify-message <hex-message> <signature>          recovered signer and message hash
//   sign-typed <private-key> <typed-data-file>        EIP-712 signature and digest
//   verify-typed <typed-data-file> <signature>        recovered signer and digest
//   parse-tx <signed-transaction-hex>                 signer and fields of a signed transaction
import { readFileSync, writeFileSync } from "node:fs";
import {
  HDNodeWallet,
  Mnemonic,
  Transaction,
  TypedDataEncoder,
  Wallet,
  decryptKeystoreJsonSync,
  encryptKeystoreJsonSync,
  getBytes,
  hashMessage,
  verifyMessage,
  verifyTypedData,
} from "ethers";

/** Reads eth_signTypedData_v4 JSON into the three arguments ethers takes. */
function typedData(file) {
  const json = JSON.parse(readFileSync(file, "utf8"));
  const types = { ...json.types };
  delete types.EIP712Domain;
  return [json.domain, types, json.message];
}

const commands = {
  derive(phrase, passphrase, index) {
    const mnemonic = Mnemonic.fromPhrase(phrase, passphrase);
    const wallet = HDNodeWallet.fromMnemonic(mnemonic, `m/44'/60'/0'/0/${index}`);
    return { seed: mnemonic.computeSeed(), address: wallet.address, privateKey: wallet.privateKey };
  },
  decrypt(file, password) {
    const account = decryptKeystoreJsonSync(readFileSync(file, "utf8"), password);
    return { address: account.address, privateKey: account.privateKey };
  },
  encrypt(privateKey, password, n, out) {
    const wallet = new Wallet(privateKey);
    const json = encryptKeystoreJsonSync(
      { address: wallet.address, privateKey: wallet.privateKey },
      password,
      { scrypt: { N: Number(n) } },
    );
    writeFileSync(out, json);
    return { address: wallet.address };
  },
  "sign-message"(privateKey, hex) {
    return { signature: new Wallet(privateKey).signMessageSync(getBytes(hex)) };
  },
  "verify-message"(hex, signature) {
    const message = getBytes(hex);
    return { address: verifyMessage(message, signature), digest: hashMessage(message) };
  },
  async "sign-typed"(privateKey, file) {
    const [domain, types, message] = typedData(file);
    return {
      signature: await new Wallet(privateKey).signTypedData(domain, types, message),
      digest: TypedDataEncoder.hash(domain, types, message),
    };
  },
  "verify-typed"(file, signature) {
    const [domain, types, message] = typedData(file);
    return {
      address: verifyTypedData(domain, types, message, signature),
      digest: TypedDataEncoder.hash(domain, types, message),
    };
  },
  "parse-tx"(hex) {
    const tx = Transaction.from(hex);
    return {
      from: tx.from,
      type: tx.type,
      chainId: tx.chainId.toString(),
      nonce: tx.nonce,
      to: tx.to,
      value: tx.value.toString(),
      gasLimit: tx.gasLimit.toString(),
      maxFeePerGas: tx.maxFeePerGas.toString(),
      maxPriorityFeePerGas: tx.maxPriorityFeePerGas.toString(),
      data: tx.data,
      hash: tx.hash,
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
