// Helio statement verifier, in the visitor's browser: checks a cancellation statement offline, with no
// network, no library and no crypto.subtle (which needs a secure context), against the registry address the
// visitor already trusts. It follows the documents, not Helio's code:
//   docs/certificates.md      "Cancellation statement" (checks 1-7, in that order), "Aggregate statement",
//                             "Beneficiary commitment"
//   docs/checkpoint-format.md the signed checkpoint note (body, EIP-191 signature, signature line)
//   docs/journal-format.md    the bytes of a journal entry and its Merkle leaf
// The checks are numbered as in docs/certificates.md; their names, field paths and messages are those of the
// independent Python verifier (Tests/interop/statement_verifier.py), so the verifiers name the same failed
// check. One check more than the Python verifier, as `helio verify` does: the issued part <lot>.0 starts with
// the lot's whole volume (lineage[0].volumeWh = lot.volumeWh).
//
//   HelioVerify.verifyStatement(statement, registryAddress) -> Promise of
//     {ok, checks: [{number, name, ok, detail}] (all seven, in order),
//      failure: null | {check (its name), number, field, message, detail}, proven: null | what the statement proves}
//   HelioVerify.verifyAggregate(aggregate, registryAddress)  -> Promise of the same shape
// `statement` is a parsed JSON object or the JSON text. Text is read exactly (integers of any size, duplicate
// keys refused), so pass the text when you have it: JSON.parse rounds integers beyond 2^53. The promise never
// rejects for a bad statement: the result says which check failed. The primitives are exported too, for tests.
(function (root) {
  "use strict";

  // =========================================================================================================
  // Bytes, hex, UTF-8

  const HEX_DIGITS = "0123456789abcdef";

  function bytesToHex(bytes) {
    let out = "0x";
    for (const b of bytes) out += HEX_DIGITS[b >> 4] + HEX_DIGITS[b & 15];
    return out;
  }

  // "0x" + an even number of hex digits (either case) -> Uint8Array; null when it is not that.
  function hexToBytes(text) {
    if (typeof text !== "string" || !/^0x([0-9a-fA-F]{2})*$/.test(text)) return null;
    const out = new Uint8Array((text.length - 2) / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(text.substr(2 + 2 * i, 2), 16);
    return out;
  }

  function concatBytes(...parts) {
    let n = 0;
    for (const p of parts) n += p.length;
    const out = new Uint8Array(n);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  function equalBytes(a, b) {
    if (a.length !== b.length) return false;
    let diff = 0;
    for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
    return diff === 0;
  }

  const utf8Encoder = new TextEncoder();
  const utf8 = (text) => utf8Encoder.encode(text);

  // Strict UTF-8 decoding (RFC 3629): null for ill-formed bytes instead of U+FFFD.
  function decodeUTF8(bytes) {
    try {
      return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch (_) {
      return null;
    }
  }

  function bigFromBytes(bytes) {
    let v = 0n;
    for (const b of bytes) v = (v << 8n) | BigInt(b);
    return v;
  }

  function bigToBytes32(v) {
    const out = new Uint8Array(32);
    for (let i = 31; i >= 0; i--) {
      out[i] = Number(v & 0xffn);
      v >>= 8n;
    }
    return out;
  }

  function uint32BE(n) {
    return new Uint8Array([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
  }

  // =========================================================================================================
  // Keccak-256 (the Keccak submission, as Ethereum uses it: FIPS 202's Keccak-f[1600] permutation with the
  // original pad10*1 padding, first byte 0x01, not SHA3's 0x06). Rate 1088 bits = 136 bytes, 256-bit output.
  // A 64-bit lane is two 32-bit words (low, high) in a Uint32Array of 50 words.

  const KECCAK_RATE = 136; // bytes: (1600 - 2 × 256) / 8

  // FIPS 202 §3.2.5: the round constants come from the LFSR rc(t) = x^t mod x^8 + x^6 + x^5 + x^4 + 1;
  // bit 2^j - 1 of RC[i] is rc(j + 7i). Computed here rather than typed in.
  const KECCAK_RC = (function () {
    function rc(t) {
      if (t % 255 === 0) return 1;
      let r = 1;
      for (let i = 0; i < t % 255; i++) {
        r <<= 1;
        if (r & 0x100) r ^= 0x171;
      }
      return r & 1;
    }
    const out = new Uint32Array(48); // [low, high] per round
    for (let round = 0; round < 24; round++) {
      for (let j = 0; j <= 6; j++) {
        if (!rc(j + 7 * round)) continue;
        const bit = (1 << j) - 1;
        if (bit < 32) out[2 * round] |= 1 << bit;
        else out[2 * round + 1] |= 1 << (bit - 32);
      }
    }
    return out;
  })();

  // FIPS 202 §3.2.2 (ρ offsets) and §3.2.3 (π): lane (x, y) has index x + 5y; π moves (x, y) to
  // (y, 2x + 3y mod 5).
  const KECCAK_ROTATION = new Uint8Array(25);
  const KECCAK_PI = new Uint8Array(25);
  (function () {
    let x = 1;
    let y = 0;
    for (let t = 0; t < 24; t++) {
      KECCAK_ROTATION[x + 5 * y] = (((t + 1) * (t + 2)) / 2) % 64;
      [x, y] = [y, (2 * x + 3 * y) % 5];
    }
    for (let x2 = 0; x2 < 5; x2++) {
      for (let y2 = 0; y2 < 5; y2++) KECCAK_PI[x2 + 5 * y2] = y2 + 5 * ((2 * x2 + 3 * y2) % 5);
    }
  })();

  function keccakF1600(s) {
    const c = new Uint32Array(10);
    const b = new Uint32Array(50);
    for (let round = 0; round < 24; round++) {
      // θ
      for (let x = 0; x < 5; x++) {
        c[2 * x] = s[2 * x] ^ s[2 * x + 10] ^ s[2 * x + 20] ^ s[2 * x + 30] ^ s[2 * x + 40];
        c[2 * x + 1] = s[2 * x + 1] ^ s[2 * x + 11] ^ s[2 * x + 21] ^ s[2 * x + 31] ^ s[2 * x + 41];
      }
      for (let x = 0; x < 5; x++) {
        const l = (x + 4) % 5;
        const r = (x + 1) % 5;
        const dLow = c[2 * l] ^ ((c[2 * r] << 1) | (c[2 * r + 1] >>> 31));
        const dHigh = c[2 * l + 1] ^ ((c[2 * r + 1] << 1) | (c[2 * r] >>> 31));
        for (let y = 0; y < 25; y += 5) {
          s[2 * (x + y)] ^= dLow;
          s[2 * (x + y) + 1] ^= dHigh;
        }
      }
      // ρ and π
      for (let i = 0; i < 25; i++) {
        const n = KECCAK_ROTATION[i];
        const low = s[2 * i];
        const high = s[2 * i + 1];
        const to = KECCAK_PI[i];
        if (n === 0) {
          b[2 * to] = low;
          b[2 * to + 1] = high;
        } else if (n < 32) {
          b[2 * to] = (low << n) | (high >>> (32 - n));
          b[2 * to + 1] = (high << n) | (low >>> (32 - n));
        } else if (n === 32) {
          b[2 * to] = high;
          b[2 * to + 1] = low;
        } else {
          const m = n - 32;
          b[2 * to] = (high << m) | (low >>> (32 - m));
          b[2 * to + 1] = (low << m) | (high >>> (32 - m));
        }
      }
      // χ
      for (let y = 0; y < 25; y += 5) {
        for (let x = 0; x < 5; x++) {
          const i = x + y;
          const i1 = ((x + 1) % 5) + y;
          const i2 = ((x + 2) % 5) + y;
          s[2 * i] = b[2 * i] ^ (~b[2 * i1] & b[2 * i2]);
          s[2 * i + 1] = b[2 * i + 1] ^ (~b[2 * i1 + 1] & b[2 * i2 + 1]);
        }
      }
      // ι
      s[0] ^= KECCAK_RC[2 * round];
      s[1] ^= KECCAK_RC[2 * round + 1];
    }
  }

  // keccak256(bytes) -> 32 bytes. Synchronous.
  function keccak256(data) {
    data = toBytes(data);
    const padded = new Uint8Array(data.length + KECCAK_RATE - (data.length % KECCAK_RATE));
    padded.set(data);
    padded[data.length] ^= 0x01;
    padded[padded.length - 1] ^= 0x80;
    const state = new Uint32Array(50);
    for (let block = 0; block < padded.length; block += KECCAK_RATE) {
      for (let w = 0; w < KECCAK_RATE / 4; w++) {
        const at = block + 4 * w; // lanes are little-endian
        state[w] ^= padded[at] | (padded[at + 1] << 8) | (padded[at + 2] << 16) | (padded[at + 3] << 24);
      }
      keccakF1600(state);
    }
    const out = new Uint8Array(32);
    for (let i = 0; i < 32; i++) out[i] = (state[i >> 2] >>> (8 * (i & 3))) & 255;
    return out;
  }

  // =========================================================================================================
  // SHA-256 (FIPS 180-4 §6.2). The constants are derived as §4.2.2 and §5.3.3 define them: the first 32 bits
  // of the fractional parts of the cube roots (K) and square roots (H0) of the first primes, computed exactly
  // with integer roots.

  function integerRoot(v, k) {
    // floor(v^(1/k)) by Newton's method on BigInt.
    let x = 1n << BigInt(Math.ceil(v.toString(2).length / Number(k)) + 1);
    for (;;) {
      const y = ((k - 1n) * x + v / x ** (k - 1n)) / k;
      if (y >= x) return x;
      x = y;
    }
  }

  const SHA256_CONSTANTS = (function () {
    const primes = [];
    for (let n = 2; primes.length < 64; n++) {
      if (primes.every((p) => n % p !== 0)) primes.push(n);
    }
    const frac = (p, k) => Number(integerRoot(BigInt(p) << (32n * k), k) & 0xffffffffn);
    return {
      k: Uint32Array.from(primes, (p) => frac(p, 3n)),
      h: Uint32Array.from(primes.slice(0, 8), (p) => frac(p, 2n)),
    };
  })();

  // sha256(bytes) -> 32 bytes. Synchronous.
  function sha256(data) {
    data = toBytes(data);
    const bitLength = data.length * 8;
    const padded = new Uint8Array(Math.ceil((data.length + 9) / 64) * 64);
    padded.set(data);
    padded[data.length] = 0x80;
    const view = new DataView(padded.buffer);
    view.setUint32(padded.length - 8, Math.floor(bitLength / 2 ** 32));
    view.setUint32(padded.length - 4, bitLength >>> 0);
    const K = SHA256_CONSTANTS.k;
    const h = Uint32Array.from(SHA256_CONSTANTS.h);
    const w = new Uint32Array(64);
    const rotr = (x, n) => (x >>> n) | (x << (32 - n));
    for (let block = 0; block < padded.length; block += 64) {
      for (let t = 0; t < 16; t++) w[t] = view.getUint32(block + 4 * t);
      for (let t = 16; t < 64; t++) {
        const s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >>> 3);
        const s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >>> 10);
        w[t] = (w[t - 16] + s0 + w[t - 7] + s1) >>> 0;
      }
      let [a, b, c, d, e, f, g, hh] = h;
      for (let t = 0; t < 64; t++) {
        const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t]) >>> 0;
        const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
        hh = g;
        g = f;
        f = e;
        e = (d + t1) >>> 0;
        d = c;
        c = b;
        b = a;
        a = (t1 + t2) >>> 0;
      }
      h[0] += a;
      h[1] += b;
      h[2] += c;
      h[3] += d;
      h[4] += e;
      h[5] += f;
      h[6] += g;
      h[7] += hh;
    }
    const out = new Uint8Array(32);
    const outView = new DataView(out.buffer);
    for (let i = 0; i < 8; i++) outView.setUint32(4 * i, h[i]);
    return out;
  }

  function toBytes(data) {
    if (data instanceof Uint8Array) return data;
    if (typeof data === "string") return utf8(data);
    if (Array.isArray(data)) return Uint8Array.from(data);
    throw new TypeError("expected bytes (Uint8Array, array of numbers) or a string");
  }

  // =========================================================================================================
  // secp256k1 (SEC 2 §2.4.1: y² = x³ + 7 over F_p) and ECDSA public-key recovery (SEC 1 §4.1.6), in BigInt.
  // Points are Jacobian (X, Y, Z), x = X/Z², y = Y/Z³; Z = 0 is the point at infinity. Verification only:
  // nothing here handles a secret, so nothing needs to be constant-time.

  const P = 2n ** 256n - 2n ** 32n - 977n; // the field prime
  const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n; // the group order
  const HALF_N = N >> 1n; // low-S rule (EIP-2): s ≤ n/2, so each signature has one spelling
  const G = {
    x: 0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798n,
    y: 0x483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8n,
  };
  const INFINITY = { x: 0n, y: 1n, z: 0n };

  const modP = (a) => ((a % P) + P) % P;
  const modN = (a) => ((a % N) + N) % N;

  function powMod(base, exponent, m) {
    let result = 1n;
    base %= m;
    while (exponent > 0n) {
      if (exponent & 1n) result = (result * base) % m;
      base = (base * base) % m;
      exponent >>= 1n;
    }
    return result;
  }

  // Fermat: a^(m-2) is a's inverse modulo a prime m.
  const invMod = (a, m) => powMod(((a % m) + m) % m, m - 2n, m);

  function pointDouble(p) {
    if (p.z === 0n || p.y === 0n) return INFINITY;
    const yy = modP(p.y * p.y);
    const s = modP(4n * p.x * yy);
    const m = modP(3n * p.x * p.x);
    const x = modP(m * m - 2n * s);
    return { x: x, y: modP(m * (s - x) - 8n * yy * yy), z: modP(2n * p.y * p.z) };
  }

  function pointAdd(p, q) {
    if (p.z === 0n) return q;
    if (q.z === 0n) return p;
    const pz2 = modP(p.z * p.z);
    const qz2 = modP(q.z * q.z);
    const u1 = modP(p.x * qz2);
    const u2 = modP(q.x * pz2);
    const s1 = modP(p.y * qz2 * q.z);
    const s2 = modP(q.y * pz2 * p.z);
    if (u1 === u2) return s1 === s2 ? pointDouble(p) : INFINITY;
    const h = modP(u2 - u1);
    const r = modP(s2 - s1);
    const hh = modP(h * h);
    const hhh = modP(hh * h);
    const x = modP(r * r - hhh - 2n * u1 * hh);
    return { x: x, y: modP(r * (u1 * hh - x) - s1 * hhh), z: modP(h * p.z * q.z) };
  }

  function pointMultiply(p, k) {
    let result = INFINITY;
    for (let bit = BigInt(k.toString(2).length - 1); bit >= 0n; bit--) {
      result = pointDouble(result);
      if ((k >> bit) & 1n) result = pointAdd(result, p);
    }
    return result;
  }

  function toAffine(p) {
    const zi = invMod(p.z, P);
    const zi2 = modP(zi * zi);
    return { x: modP(p.x * zi2), y: modP(p.y * zi2 * zi) };
  }

  // Yellow Paper: an address is the last 20 bytes of keccak256 of the public key's x ‖ y (64 bytes).
  function addressOfPoint(x, y) {
    return bytesToHex(keccak256(concatBytes(bigToBytes32(x), bigToBytes32(y))).slice(12));
  }

  // recoverAddress(digest: 32 bytes, signature: 65 bytes r ‖ s ‖ v) -> "0x" + 40 lowercase hex, or null.
  // v is 27/28 (Ethereum) or 0/1 (the bare recovery id). Refused (null): a signature that is not 65 bytes, r
  // or s outside [1, n-1], a high s (> n/2), another v, an r that is no curve point's x, a result at infinity.
  function recoverAddress(digest, signature) {
    digest = toBytes(digest);
    signature = toBytes(signature);
    if (digest.length !== 32 || signature.length !== 65) return null;
    const r = bigFromBytes(signature.subarray(0, 32));
    const s = bigFromBytes(signature.subarray(32, 64));
    const v = signature[64];
    const recid = v === 27 || v === 28 ? v - 27 : v === 0 || v === 1 ? v : -1;
    if (recid < 0 || r <= 0n || r >= N || s <= 0n || s > HALF_N) return null;
    // SEC 1 §4.1.6 step 1.1-1.3: R = (r, y) with y's parity the recovery id's low bit (r < n < p, so the
    // x-coordinate is r itself, never r + n: recovery ids 2 and 3 are not used by Ethereum).
    const alpha = modP(r * r * r + 7n);
    let y = powMod(alpha, (P + 1n) / 4n, P); // p ≡ 3 (mod 4): the square root, if there is one
    if (modP(y * y) !== alpha) return null;
    if ((y & 1n) !== BigInt(recid & 1)) y = P - y;
    const R = { x: r, y: y, z: 1n };
    // Step 1.6: Q = r⁻¹ (s·R − e·G), e the digest as an integer (256 bits: no truncation for this curve).
    const e = bigFromBytes(digest);
    const rInv = invMod(r, N);
    const q = pointAdd(pointMultiply({ x: G.x, y: G.y, z: 1n }, modN(-e * rInv)), pointMultiply(R, modN(s * rInv)));
    if (q.z === 0n) return null;
    const affine = toAffine(q);
    return addressOfPoint(affine.x, affine.y);
  }

  // The address of a secret key (a test aid: signs nothing).
  function addressOfSecretKey(secret) {
    const k = bigFromBytes(toBytes(secret));
    if (k <= 0n || k >= N) return null;
    const a = toAffine(pointMultiply({ x: G.x, y: G.y, z: 1n }, k));
    return addressOfPoint(a.x, a.y);
  }

  // EIP-55: the mixed-case checksum form of an address (a letter is upper case when the matching nibble of
  // keccak256(lowercase hex digits as ASCII) is ≥ 8).
  function eip55(address) {
    const lower = String(address).toLowerCase().replace(/^0x/, "");
    const digest = keccak256(utf8(lower));
    let out = "0x";
    for (let i = 0; i < lower.length; i++) {
      const nibble = (digest[i >> 1] >> (i & 1 ? 0 : 4)) & 15;
      out += nibble >= 8 ? lower[i].toUpperCase() : lower[i];
    }
    return out;
  }

  // EIP-191 version 0x45 (personal_sign): keccak256("\x19Ethereum Signed Message:\n" ‖ decimal length ‖ m).
  function eip191Digest(message) {
    message = toBytes(message);
    return keccak256(concatBytes(utf8("\x19Ethereum Signed Message:\n" + message.length), message));
  }

  // =========================================================================================================
  // RFC 9162 Merkle tree hashes (§2.1.1) and inclusion proofs (§2.1.3.2)

  const leafHash = (entryBytes) => sha256(concatBytes(new Uint8Array([0x00]), toBytes(entryBytes)));
  const nodeHash = (left, right) => sha256(concatBytes(new Uint8Array([0x01]), left, right));

  // The root that `proof` (sibling hashes, leaf upwards) leads to from `leaf` at `index` in a tree of `size`
  // leaves, or null when the proof cannot be an audit path of that tree (too long, too short, index ≥ size).
  function rootFromInclusionProof(leaf, index, size, proof) {
    let fn = BigInt(index);
    let sn = BigInt(size) - 1n;
    if (fn > sn) return null;
    let r = leaf;
    for (const p of proof) {
      if (sn === 0n) return null; // the path is longer than the tree is high
      if (fn & 1n || fn === sn) {
        r = nodeHash(p, r);
        if (!(fn & 1n)) {
          while (!(fn & 1n) && fn !== 0n) {
            fn >>= 1n;
            sn >>= 1n;
          }
        }
      } else {
        r = nodeHash(r, p);
      }
      fn >>= 1n;
      sn >>= 1n;
    }
    return sn === 0n ? r : null; // a path that is too short never reaches the root
  }

  function verifyInclusion(leaf, index, size, proof, rootHash) {
    const got = rootFromInclusionProof(leaf, index, size, proof);
    return got !== null && equalBytes(got, rootHash);
  }

  // docs/journal-format.md: the bytes the tree hashes for one entry (author lowercase, payload raw bytes).
  function entryBytes(index, time, kind, author, payload) {
    const head = "helio-entry-v1\n" + index + "\n" + time + "\n" + kind + "\n" + String(author).toLowerCase() + "\n";
    return concatBytes(utf8(head), toBytes(payload));
  }

  // docs/certificates.md "Beneficiary commitment".
  function beneficiaryCommitment(salt, name, address) {
    const n = utf8(name);
    const a = utf8(address);
    const tag = utf8("helio-beneficiary-v1\n"); // the domain tag and its 0x0A
    return sha256(concatBytes(tag, toBytes(salt), uint32BE(n.length), n, uint32BE(a.length), a));
  }

  // =========================================================================================================
  // Base64 (RFC 4648 §4, standard alphabet, padded)

  const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  function base64Encode(bytes) {
    let out = "";
    for (let i = 0; i < bytes.length; i += 3) {
      const n = (bytes[i] << 16) | ((bytes[i + 1] || 0) << 8) | (bytes[i + 2] || 0);
      out += BASE64[(n >> 18) & 63] + BASE64[(n >> 12) & 63];
      out += i + 1 < bytes.length ? BASE64[(n >> 6) & 63] : "=";
      out += i + 2 < bytes.length ? BASE64[n & 63] : "=";
    }
    return out;
  }

  // Decodes padded base64; null if malformed. Non-canonical spellings (non-zero trailing bits) decode; the
  // caller re-encodes to insist on the canonical one.
  function base64Decode(text) {
    if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
    const pad = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
    const out = new Uint8Array((text.length / 4) * 3 - pad);
    let at = 0;
    for (let i = 0; i < text.length; i += 4) {
      let n = 0;
      for (let j = 0; j < 4; j++) n = (n << 6) | (text[i + j] === "=" ? 0 : BASE64.indexOf(text[i + j]));
      for (const shift of [16, 8, 0]) if (at < out.length) out[at++] = (n >> shift) & 255;
    }
    return out;
  }

  // =========================================================================================================
  // Strict JSON (RFC 8259) for payloads and statement text: duplicate keys are an error (one reading per
  // document), integers stay exact (BigInt), other numbers become JSONFloat (never an integer field).
  // Python's json module is the model for what is accepted (it also reads NaN and ±Infinity).

  function JSONFloat(value) {
    this.value = value;
  }

  function parseJSON(text) {
    let i = 0;
    const fail = (why) => {
      throw new SyntaxError(why + " at character " + i);
    };
    const ws = () => {
      while (i < text.length && " \t\n\r".includes(text[i])) i++;
    };
    function value() {
      ws();
      const ch = text[i];
      if (ch === "{") return object();
      if (ch === "[") return array();
      if (ch === '"') return string();
      for (const [word, v] of [["true", true], ["false", false], ["null", null], ["NaN", new JSONFloat(NaN)],
        ["Infinity", new JSONFloat(Infinity)], ["-Infinity", new JSONFloat(-Infinity)]]) {
        if (text.startsWith(word, i)) {
          i += word.length;
          return v;
        }
      }
      const m = /^-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/.exec(text.slice(i, i + 400));
      if (!m) fail("unexpected " + (ch === undefined ? "end of text" : JSON.stringify(ch)));
      i += m[0].length;
      return m[1] === undefined && m[2] === undefined ? BigInt(m[0]) : new JSONFloat(Number(m[0]));
    }
    function object() {
      i++;
      const out = Object.create(null);
      const keys = new Set();
      ws();
      if (text[i] === "}") {
        i++;
        return out;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail("expected a key");
        const key = string();
        if (keys.has(key)) fail("duplicate key " + JSON.stringify(key));
        keys.add(key);
        ws();
        if (text[i] !== ":") fail("expected ':'");
        i++;
        out[key] = value();
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "}") return i++, out;
        else fail("expected ',' or '}'");
      }
    }
    function array() {
      i++;
      const out = [];
      ws();
      if (text[i] === "]") {
        i++;
        return out;
      }
      for (;;) {
        out.push(value());
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "]") return i++, out;
        else fail("expected ',' or ']'");
      }
    }
    function string() {
      i++;
      let out = "";
      for (;;) {
        const ch = text[i];
        if (ch === undefined) fail("unterminated string");
        if (ch === '"') {
          i++;
          return out;
        }
        if (ch < " ") fail("control character in a string");
        if (ch !== "\\") {
          out += ch;
          i++;
          continue;
        }
        const esc = text[i + 1];
        const simple = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
        if (esc in simple) {
          out += simple[esc];
          i += 2;
        } else if (esc === "u" && /^[0-9a-fA-F]{4}$/.test(text.substr(i + 2, 4))) {
          out += String.fromCharCode(parseInt(text.substr(i + 2, 4), 16));
          i += 6;
        } else {
          fail("bad escape");
        }
      }
    }
    const result = value();
    ws();
    if (i !== text.length) fail("extra data");
    return result;
  }

  // =========================================================================================================
  // Reading the statement: typed accessors that fail with (check, field, detail)

  const STATEMENT_FORMAT = "helio-cancellation-statement/v1";
  const AGGREGATE_FORMAT = "helio-aggregate-statement/v1";
  const CHECK_NAMES = {
    1: "format",
    2: "registry address",
    3: "checkpoint",
    4: "inclusion of the cancellation entry",
    5: "cancellation command",
    6: "beneficiary opening",
    7: "lineage",
    aggregate: "aggregate",
  };
  const CANCEL_KEYS = ["beneficiaryCommitment", "consumptionEnd", "consumptionStart", "location", "part", "purpose",
    "volumeWh"];
  const TRANSFER_KEYS = ["part", "to", "volumeWh"];
  const UINT_KEYS = new Set(["volumeWh", "consumptionStart", "consumptionEnd"]); // uint64 in the EIP-712 types
  const ISSUANCE_KINDS = new Set(["Readings", "ReadingBatch"]); // an issuance lives in a reading entry

  class StatementError extends Error {
    constructor(check, field, detail) {
      const label = typeof check === "number" ? "check " + check + " (" + CHECK_NAMES[check] + ")" : check + " check";
      super(label + ", " + field + ": " + detail);
      this.check = check;
      this.field = field;
      this.detail = detail;
    }
  }

  // A short rendering of a JSON value for messages, in the spelling of Python's repr (as the Python verifier's
  // messages read), so that messages match across verifiers.
  function repr(v) {
    if (v === null || v === undefined) return "None";
    if (v === true) return "True";
    if (v === false) return "False";
    if (typeof v === "bigint") return v.toString();
    if (typeof v === "number") return Number.isInteger(v) ? v.toString() : String(v);
    if (v instanceof JSONFloat) return Number.isNaN(v.value) ? "nan" : String(v.value);
    if (typeof v === "string") {
      const quote = v.includes("'") && !v.includes('"') ? '"' : "'";
      let out = quote;
      for (const ch of v) {
        const code = ch.codePointAt(0);
        if (ch === quote || ch === "\\") out += "\\" + ch;
        else if (ch === "\n") out += "\\n";
        else if (ch === "\r") out += "\\r";
        else if (ch === "\t") out += "\\t";
        else if (code < 0x20 || code === 0x7f) out += "\\x" + code.toString(16).padStart(2, "0");
        else out += ch;
      }
      return out + quote;
    }
    if (Array.isArray(v)) return "[" + v.map(repr).join(", ") + "]";
    return "{" + Object.keys(v).map((k) => repr(k) + ": " + repr(v[k])).join(", ") + "}";
  }

  const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof JSONFloat);
  const has = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

  function get(obj, key, field, check) {
    if (!isObject(obj)) {
      const dot = field.lastIndexOf(".");
      throw new StatementError(check, dot < 0 ? field : field.slice(0, dot) || field, "is not a JSON object");
    }
    if (!has(obj, key)) throw new StatementError(check, field, "is missing");
    return obj[key];
  }

  function obj(value, field, check) {
    if (!isObject(value)) throw new StatementError(check, field, "is not a JSON object");
    return value;
  }

  function str(value, field, check) {
    if (typeof value !== "string") throw new StatementError(check, field, "is not a string");
    return value;
  }

  // An unsigned integer below 2^bits as a BigInt (a parsed object's numbers are accepted when integral).
  function uint(value, field, check, bits) {
    bits = bits || 64;
    let v = null;
    if (typeof value === "bigint") v = value;
    else if (typeof value === "number" && Number.isInteger(value)) v = BigInt(value);
    if (v === null || v < 0n || v >= 2n ** BigInt(bits)) {
      throw new StatementError(check, field, "is not an unsigned " + bits + "-bit integer");
    }
    return v;
  }

  function hex(value, field, check, length) {
    if (typeof value !== "string" || !/^0x(?:[0-9a-f]{2})*$/.test(value)) {
      throw new StatementError(check, field, "is not 0x + lowercase hex bytes");
    }
    const data = hexToBytes(value);
    if (length !== undefined && data.length !== length) {
      throw new StatementError(check, field, "is " + data.length + " bytes, expected " + length);
    }
    return data;
  }

  // An address in any letter case, returned lowercase (addresses compare case-insensitively).
  function address(value, field, check) {
    if (typeof value !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(value)) {
      throw new StatementError(check, field, "is not an address (0x + 40 hex digits)");
    }
    return value.toLowerCase();
  }

  // A journal entry {index, time, kind, author, payload}, normalized, with its Merkle leaf hash.
  function entry(value, field, check) {
    value = obj(value, field, check);
    const e = {
      index: uint(get(value, "index", field + ".index", check), field + ".index", check),
      time: uint(get(value, "time", field + ".time", check), field + ".time", check),
      kind: str(get(value, "kind", field + ".kind", check), field + ".kind", check),
      author: address(get(value, "author", field + ".author", check), field + ".author", check),
      payload: hex(get(value, "payload", field + ".payload", check), field + ".payload", check),
    };
    e.leaf = leafHash(entryBytes(e.index, e.time, e.kind, e.author, e.payload));
    return e;
  }

  function proof(value, field, check) {
    if (!Array.isArray(value)) throw new StatementError(check, field, "is not a list of hashes");
    return value.map((h, i) => hex(h, field + "[" + i + "]", check, 32));
  }

  const sameKeys = (o, keys) => {
    const got = Object.keys(o).sort();
    return got.length === keys.length && got.every((k, i) => k === keys[i]);
  };

  // The signed command in an entry's payload: checks the entry's kind, the payload's shape and the body's
  // keys and types; returns the body.
  function command(e, field, check, kind, keys) {
    if (e.kind !== kind) {
      throw new StatementError(check, field + ".kind", "is " + repr(e.kind) + ", expected " + repr(kind));
    }
    const text = decodeUTF8(e.payload);
    let signed;
    try {
      if (text === null) throw new SyntaxError("not UTF-8");
      signed = parseJSON(text);
    } catch (error) {
      throw new StatementError(check, field + ".payload", "is not a JSON signed command (" + error.message + ")");
    }
    signed = obj(signed, field + ".payload", check);
    if (!sameKeys(signed, ["command", "nonce", "signature"])) {
      throw new StatementError(check, field + ".payload",
        "has keys " + repr(Object.keys(signed).sort()) + ", expected command, nonce, signature");
    }
    uint(signed.nonce, field + ".payload.nonce", check);
    hex(signed.signature, field + ".payload.signature", check, 65);
    const cmd = obj(signed.command, field + ".payload.command", check);
    if (!sameKeys(cmd, ["body", "kind"])) {
      throw new StatementError(check, field + ".payload.command",
        "has keys " + repr(Object.keys(cmd).sort()) + ", expected body, kind");
    }
    if (cmd.kind !== kind) {
      throw new StatementError(check, field + ".payload.command.kind",
        "is " + repr(cmd.kind) + ", expected " + repr(kind));
    }
    const body = obj(cmd.body, field + ".payload.command.body", check);
    if (!sameKeys(body, keys)) {
      throw new StatementError(check, field + ".payload.command.body",
        "has keys " + repr(Object.keys(body).sort()) + ", expected " + repr(keys));
    }
    const out = {};
    for (const key of keys) {
      const f = field + ".payload.command.body." + key;
      out[key] = UINT_KEYS.has(key) ? uint(body[key], f, check) : str(body[key], f, check);
    }
    return out;
  }

  function same(check, field, got, expected, source) {
    if (got !== expected) {
      throw new StatementError(check, field, "is " + repr(got) + ", but " + source + " is " + repr(expected));
    }
  }

  // =========================================================================================================
  // The checkpoint (docs/checkpoint-format.md)

  const SIGNATURE_LINE = /^\u2014 helio (0x[0-9a-fA-F]{40}) (0x[0-9a-f]{130})\n$/;
  const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

  // Parses a signed checkpoint note and checks its origin and signature against the trusted address;
  // returns {size, root, timestamp} or throws a StatementError of `check` (3 in a statement).
  function checkCheckpoint(note, origin, registryAddress, field, check) {
    field = field || "checkpoint";
    check = check || 3;
    if (typeof note !== "string") throw new StatementError(check, field, "is not a string");
    const sep = note.indexOf("\n\n");
    if (sep < 0) throw new StatementError(check, field, "has no empty line between body and signature");
    const body = note.slice(0, sep + 1);
    const signaturePart = note.slice(sep + 2);
    const lines = body.split("\n");
    if (lines.length !== 5) {
      throw new StatementError(check, field, "body has " + (lines.length - 1) + " lines, expected 4");
    }
    const [gotOrigin, sizeText, rootText, timeText] = lines;
    if (!/^[\x20-\x7e]{1,256}$/.test(gotOrigin) || gotOrigin.startsWith(" ") || gotOrigin.endsWith(" ")) {
      throw new StatementError(check, field + " origin line",
        "is not 1-256 printable ASCII bytes without leading or trailing space");
    }
    if (gotOrigin !== origin) {
      throw new StatementError(check, field + " origin line",
        "is " + repr(gotOrigin) + ", expected " + repr(origin) + " (registry.name chain registry.chainId)");
    }
    if (!DECIMAL.test(sizeText) || BigInt(sizeText) >= 2n ** 64n) {
      throw new StatementError(check, field + " tree size line", repr(sizeText) + " is not a canonical decimal < 2^64");
    }
    const root = /^[A-Za-z0-9+/]{43}=$/.test(rootText) ? base64Decode(rootText) : null;
    if (root === null || root.length !== 32 || base64Encode(root) !== rootText) {
      throw new StatementError(check, field + " root hash line",
        repr(rootText) + " is not canonical padded base64 of 32 bytes");
    }
    if (!DECIMAL.test(timeText) || BigInt(timeText) >= 2n ** 63n) {
      throw new StatementError(check, field + " timestamp line", repr(timeText) + " is not a canonical decimal < 2^63");
    }
    const m = SIGNATURE_LINE.exec(signaturePart);
    if (!m) {
      throw new StatementError(check, field + " signature line",
        "is not exactly one line '\u2014 helio <EIP-55 address> <0x + 130 lowercase hex>'");
    }
    const lineAddress = m[1];
    const signature = hexToBytes(m[2]);
    // docs/checkpoint-format.md: v is 27 or 28 (what personal_sign returns), s low.
    const v = signature[64];
    const recovered = v === 27 || v === 28 ? recoverAddress(eip191Digest(utf8(body)), signature) : null;
    if (recovered === null) {
      throw new StatementError(check, field + " signature", "is not a valid low-s secp256k1 signature with v 27/28");
    }
    if (recovered !== String(registryAddress).toLowerCase()) {
      throw new StatementError(check, field + " signature",
        "recovers " + eip55(recovered) + ", not the registry address " + eip55(registryAddress));
    }
    if (lineAddress !== eip55(recovered)) {
      throw new StatementError(check, field + " signature line",
        "names " + lineAddress + ", expected the signer in EIP-55 form " + eip55(recovered));
    }
    return { size: BigInt(sizeText), root: root, timestamp: BigInt(timeText), body: body };
  }

  // =========================================================================================================
  // The statement checks (docs/certificates.md "What helio verify checks", in order)

  const PART = /^(G[OC]-[1-9][0-9]*)\.(0|[1-9][0-9]*)$/;
  const LOT = /^(G[OC])-[1-9][0-9]*$/;

  // Runs checks 1-7 on one statement; `progress(n, detail)` hears of each check that passed. Throws the first
  // StatementError; returns what an aggregate (and the page) needs to know.
  function checkStatement(doc, registryAddress, progress) {
    progress = progress || (() => {});

    // 1. the format is known
    doc = obj(doc, "statement", 1);
    const fmt = get(doc, "format", "format", 1);
    if (fmt !== STATEMENT_FORMAT) {
      throw new StatementError(1, "format", "is " + repr(fmt) + ", expected " + repr(STATEMENT_FORMAT));
    }
    progress(1, STATEMENT_FORMAT);

    // 2. registry.checkpointAddress is the address given
    const trusted = address(registryAddress, "registry address given", 2);
    const registry = obj(get(doc, "registry", "registry", 2), "registry", 2);
    const named = address(get(registry, "checkpointAddress", "registry.checkpointAddress", 2),
      "registry.checkpointAddress", 2);
    if (named !== trusted) {
      throw new StatementError(2, "registry.checkpointAddress",
        "is " + eip55(named) + ": a statement for another registry than " + eip55(trusted));
    }
    progress(2, "the statement is for registry " + eip55(trusted));

    // 3. the checkpoint parses, names this registry and chain, and the registry signed it
    const name = str(get(registry, "name", "registry.name", 3), "registry.name", 3);
    const chainId = uint(get(registry, "chainId", "registry.chainId", 3), "registry.chainId", 3, 256);
    const note = get(doc, "checkpoint", "checkpoint", 3);
    const cp = checkCheckpoint(note, name + " chain " + chainId, trusted);
    progress(3, "signed by " + eip55(trusted) + ": " + cp.size + " entries, root " + bytesToHex(cp.root));

    function prove(e, path, field, check) {
      if (e.index >= cp.size) {
        throw new StatementError(check, field + ".index",
          e.index + " is not below the checkpoint's tree size " + cp.size);
      }
      const got = rootFromInclusionProof(e.leaf, e.index, cp.size, path);
      if (got === null || !equalBytes(got, cp.root)) {
        const where = field === "entry" ? "the cancellation entry" : field;
        throw new StatementError(check, field === "entry" ? "inclusionProof" : field + ".inclusionProof",
          "inclusion proof of " + where + " does not lead to the checkpoint root");
      }
    }

    // 4. the cancellation entry is in the checkpoint's tree
    const ent = entry(get(doc, "entry", "entry", 4), "entry", 4);
    prove(ent, proof(get(doc, "inclusionProof", "inclusionProof", 4), "inclusionProof", 4), "entry", 4);
    progress(4, "entry " + ent.index + " (leaf " + bytesToHex(ent.leaf) + ") is in the tree of " + cp.size +
      " entries");

    // 5. the entry is a CancelCertificate that says exactly what `cancellation` says
    const c = obj(get(doc, "cancellation", "cancellation", 5), "cancellation", 5);
    const cf = (key, kind) => kind(get(c, key, "cancellation." + key, 5), "cancellation." + key, 5);
    const body = command(ent, "entry", 5, "CancelCertificate", CANCEL_KEYS);
    const stated = [["part", "fromPart", str], ["volumeWh", "volumeWh", uint], ["purpose", "purpose", str],
      ["consumptionStart", "consumptionStart", uint], ["consumptionEnd", "consumptionEnd", uint],
      ["location", "location", str]]; // [signed body key, cancellation key, type]
    for (const [key, cKey, kind] of stated) {
      same(5, "entry.payload.command.body." + key, body[key], cf(cKey, kind), "cancellation." + cKey);
    }
    const commitment = cf("beneficiaryCommitment", (v, f, k) => hex(v, f, k, 32));
    if (body.beneficiaryCommitment.toLowerCase() !== bytesToHex(commitment)) {
      throw new StatementError(5, "entry.payload.command.body.beneficiaryCommitment",
        "is " + repr(body.beneficiaryCommitment) + ", but cancellation.beneficiaryCommitment is " +
        bytesToHex(commitment));
    }
    const holder = cf("holder", address);
    if (ent.author !== holder) {
      throw new StatementError(5, "entry.author", "is " + ent.author + ", but cancellation.holder is " + holder);
    }
    same(5, "entry.index", ent.index, cf("entryIndex", uint), "cancellation.entryIndex");
    same(5, "entry.time", ent.time, cf("time", uint), "cancellation.time");
    if (cf("id", str) !== ent.index.toString()) {
      throw new StatementError(5, "cancellation.id", "is " + repr(c.id) + ", but the entry's index is " + ent.index);
    }
    progress(5, "the signed CancelCertificate of " + eip55(holder) + " says what the statement says: " +
      body.volumeWh + " Wh of " + body.part);

    // 6. the beneficiary opening hashes to the commitment (null: erased, nothing left to check)
    const opening = get(doc, "beneficiary", "beneficiary", 6);
    let beneficiaryName = null;
    if (opening !== null) {
      obj(opening, "beneficiary", 6);
      const salt = hex(get(opening, "salt", "beneficiary.salt", 6), "beneficiary.salt", 6, 32);
      beneficiaryName = str(get(opening, "name", "beneficiary.name", 6), "beneficiary.name", 6);
      const addr = str(get(opening, "address", "beneficiary.address", 6), "beneficiary.address", 6);
      const nameLength = utf8(beneficiaryName).length;
      if (nameLength < 1 || nameLength > 200) {
        throw new StatementError(6, "beneficiary.name", "is not 1-200 UTF-8 bytes");
      }
      if (utf8(addr).length > 500) throw new StatementError(6, "beneficiary.address", "is more than 500 UTF-8 bytes");
      if (!equalBytes(beneficiaryCommitment(salt, beneficiaryName, addr), commitment)) {
        throw new StatementError(6, "beneficiary",
          "the opening (salt, name, address) does not hash to cancellation.beneficiaryCommitment");
      }
      progress(6, "the opening names " + JSON.stringify(beneficiaryName));
    } else {
      progress(6, "the opening was erased: the statement names no beneficiary");
    }

    // 7. the lineage: <lot>.0 from lot.issuanceEntry, parent to child, to the cancelled part
    const lot = obj(get(doc, "lot", "lot", 7), "lot", 7);
    const lotId = str(get(lot, "id", "lot.id", 7), "lot.id", 7);
    const lm = LOT.exec(lotId);
    if (!lm) throw new StatementError(7, "lot.id", repr(lotId) + " is not <GO|GC>-<n>");
    same(7, "lot.scheme", get(lot, "scheme", "lot.scheme", 7), lm[1], "the scheme of lot.id");
    const issuanceEntry = uint(get(lot, "issuanceEntry", "lot.issuanceEntry", 7), "lot.issuanceEntry", 7);
    same(7, "cancellation.lot", cf("lot", str), lotId, "lot.id");
    const lineage = get(doc, "lineage", "lineage", 7);
    if (!Array.isArray(lineage) || lineage.length < 2) {
      throw new StatementError(7, "lineage", "is not a list of at least two steps (issued part, cancelled part)");
    }
    const seen = new Set();
    let previous = null;
    lineage.forEach((raw, i) => {
      const f = "lineage[" + i + "]";
      const step = obj(raw, f, 7);
      const part = str(get(step, "part", f + ".part", 7), f + ".part", 7);
      const pm = PART.exec(part);
      if (!pm || pm[1] !== lotId) {
        throw new StatementError(7, f + ".part", repr(part) + " is not a part <lot>.<k> of lot " + lotId);
      }
      if (seen.has(part)) throw new StatementError(7, f + ".part", part + " appears twice");
      seen.add(part);
      const parent = get(step, "parent", f + ".parent", 7);
      const owner = address(get(step, "owner", f + ".owner", 7), f + ".owner", 7);
      const volume = uint(get(step, "volumeWh", f + ".volumeWh", 7), f + ".volumeWh", 7);
      const e = entry(get(step, "entry", f + ".entry", 7), f + ".entry", 7);
      prove(e, proof(get(step, "inclusionProof", f + ".inclusionProof", 7), f + ".inclusionProof", 7), f, 7);
      if (previous === null) {
        same(7, f + ".part", part, lotId + ".0", "the issued part (first step)");
        if (parent !== null) {
          throw new StatementError(7, f + ".parent", "is " + repr(parent) + ", expected null for the issued part");
        }
        if (e.index !== issuanceEntry) {
          throw new StatementError(7, f + ".entry.index",
            "is " + e.index + ", not the lot's issuance entry " + issuanceEntry);
        }
        if (!ISSUANCE_KINDS.has(e.kind)) {
          throw new StatementError(7, f + ".entry.kind", "is " + repr(e.kind) + ", not a reading entry");
        }
        // The issued part starts with the whole lot (the Swift verifier checks this too).
        const lotVolume = uint(get(lot, "volumeWh", "lot.volumeWh", 7), "lot.volumeWh", 7);
        same(7, f + ".volumeWh", volume, lotVolume, "lot.volumeWh");
      } else {
        if (parent !== previous.part) {
          throw new StatementError(7, f + ".parent",
            "is " + repr(parent) + ", but the previous step is " + repr(previous.part));
        }
        if (e.index <= previous.entry.index) {
          throw new StatementError(7, f + ".entry.index",
            e.index + " is not after its parent's entry " + previous.entry.index);
        }
        const last = i === lineage.length - 1;
        const stepBody = last ? command(e, f + ".entry", 7, "CancelCertificate", CANCEL_KEYS)
          : command(e, f + ".entry", 7, "TransferCertificate", TRANSFER_KEYS);
        if (stepBody.part !== parent) {
          throw new StatementError(7, f + ".entry.payload.command.body.part",
            "is " + repr(stepBody.part) + ", but the step's parent is " + repr(parent));
        }
        if (stepBody.volumeWh !== volume) {
          throw new StatementError(7, f + ".entry.payload.command.body.volumeWh",
            "is " + repr(stepBody.volumeWh) + ", but the step's volume is " + volume);
        }
        if (e.author !== previous.owner) {
          throw new StatementError(7, f + ".entry.author",
            "is " + e.author + ", not the owner of parent " + parent + " (" + previous.owner + ")");
        }
        if (last) {
          const sameEntry = e.index === ent.index && e.time === ent.time && e.kind === ent.kind &&
            e.author === ent.author && equalBytes(e.payload, ent.payload);
          if (!sameEntry) throw new StatementError(7, f + ".entry", "is not the cancellation entry");
          same(7, f + ".part", part, cf("part", str), "the cancelled part cancellation.part");
          same(7, f + ".volumeWh", volume, body.volumeWh, "the cancelled volume");
        } else if (stepBody.to.toLowerCase() !== owner) {
          throw new StatementError(7, f + ".entry.payload.command.body.to",
            "is " + repr(stepBody.to) + ", but the step's owner is " + owner);
        }
      }
      previous = { part: part, owner: owner, entry: e };
    });
    progress(7, lineage.length + " steps from " + lotId + ".0 (entry " + issuanceEntry + ") to " + previous.part);

    return {
      cancellation: c.id, lot: lotId, scheme: lm[1], part: previous.part, volumeWh: body.volumeWh,
      beneficiary: beneficiaryName, consumptionStart: body.consumptionStart, consumptionEnd: body.consumptionEnd,
      checkpoint: note, checkpointSize: cp.size, checkpointTimestamp: cp.timestamp,
    };
  }

  // The aggregate statement (docs/certificates.md): every statement holds against one checkpoint, names the
  // beneficiary, lies in [from, to), is counted once, and totalWh adds up.
  function checkAggregate(doc, registryAddress) {
    const check = "aggregate";
    doc = obj(doc, "aggregate statement", check);
    const fmt = get(doc, "format", "format", check);
    if (fmt !== AGGREGATE_FORMAT) {
      throw new StatementError(check, "format", "is " + repr(fmt) + ", expected " + repr(AGGREGATE_FORMAT));
    }
    const name = str(get(doc, "beneficiary", "beneficiary", check), "beneficiary", check);
    const start = uint(get(doc, "from", "from", check), "from", check);
    const end = uint(get(doc, "to", "to", check), "to", check);
    const total = uint(get(doc, "totalWh", "totalWh", check), "totalWh", check, 256);
    const statements = get(doc, "statements", "statements", check);
    if (!Array.isArray(statements)) throw new StatementError(check, "statements", "is not a list");
    let checkpoint = null;
    let volume = 0n;
    const ids = new Set();
    const proven = [];
    statements.forEach((statement, i) => {
      const f = "statements[" + i + "]";
      let s;
      try {
        s = checkStatement(statement, registryAddress);
      } catch (error) {
        if (!(error instanceof StatementError)) throw error;
        throw new StatementError(error.check, f + "." + error.field, error.detail);
      }
      if (checkpoint === null) {
        checkpoint = s.checkpoint;
      } else if (s.checkpoint !== checkpoint) {
        throw new StatementError(check, f + ".checkpoint", "is not the checkpoint of statements[0]");
      }
      if (ids.has(s.cancellation)) {
        throw new StatementError(check, f + ".cancellation.id", "cancellation " + s.cancellation + " is counted twice");
      }
      ids.add(s.cancellation);
      if (s.beneficiary === null) {
        throw new StatementError(check, f + ".beneficiary", "is null: the statement names no beneficiary");
      }
      if (s.beneficiary !== name) {
        throw new StatementError(check, f + ".beneficiary.name", "is " + repr(s.beneficiary) + ", not " + repr(name));
      }
      if (!(start <= s.consumptionStart && s.consumptionEnd <= end)) {
        throw new StatementError(check, f + ".cancellation", "consumption period [" + s.consumptionStart + ", " +
          s.consumptionEnd + ") is not inside [" + start + ", " + end + ")");
      }
      volume += s.volumeWh;
      proven.push(s);
    });
    if (volume !== total) {
      throw new StatementError(check, "totalWh", "is " + total + ", but the statements' volumes add up to " + volume);
    }
    return { beneficiary: name, totalWh: total, statements: proven };
  }

  // =========================================================================================================
  // The public surface: results as plain data (BigInts as decimal strings) for the page and for tests

  function readDocument(statement) {
    if (statement instanceof Uint8Array) {
      const text = decodeUTF8(statement);
      if (text === null) throw new StatementError(1, "statement", "is not UTF-8 text");
      statement = text;
    }
    if (typeof statement === "string") {
      try {
        return parseJSON(statement);
      } catch (error) {
        throw new StatementError(1, "statement", "is not JSON (" + error.message + ")");
      }
    }
    return statement;
  }

  function plain(v) {
    if (typeof v === "bigint") return v.toString();
    if (v instanceof Uint8Array) return bytesToHex(v);
    if (Array.isArray(v)) return v.map(plain);
    if (v !== null && typeof v === "object") {
      const out = {};
      for (const k of Object.keys(v)) out[k] = plain(v[k]);
      return out;
    }
    return v;
  }

  function failureOf(error) {
    if (!(error instanceof StatementError)) {
      // A bug here, not a verdict on the statement: still reported as a refusal, never as "holds".
      return { check: "internal", number: null, field: "", message: "the verifier failed: " + String(error) };
    }
    return {
      check: CHECK_NAMES[error.check], number: typeof error.check === "number" ? error.check : null,
      field: error.field, message: error.message, detail: error.detail,
    };
  }

  function runStatement(statement, registryAddress) {
    const checks = [1, 2, 3, 4, 5, 6, 7].map((n) => ({
      number: n, name: CHECK_NAMES[n], ok: false, detail: "not checked",
    }));
    let stage = 1;
    try {
      const proven = checkStatement(readDocument(statement), registryAddress, (n, detail) => {
        checks[n - 1].ok = true;
        checks[n - 1].detail = detail;
        stage = n + 1;
      });
      return { ok: true, checks: checks, failure: null, proven: plain(proven) };
    } catch (error) {
      const failure = failureOf(error);
      const n = Math.min(failure.number || stage, 7);
      checks[n - 1].ok = false;
      checks[n - 1].detail = failure.message;
      for (let i = n; i < 7; i++) if (!checks[i].ok) checks[i].detail = "not checked: check " + n + " failed";
      return { ok: false, checks: checks, failure: failure, proven: null };
    }
  }

  function runAggregate(aggregate, registryAddress) {
    try {
      const proven = checkAggregate(readDocument(aggregate), registryAddress);
      const detail = proven.statements.length + " statements hold, " + proven.totalWh + " Wh";
      const checks = [{ name: "aggregate", ok: true, detail: detail }];
      return { ok: true, checks: checks, failure: null, proven: plain(proven) };
    } catch (error) {
      const failure = failureOf(error);
      const checks = [{ name: "aggregate", ok: false, detail: failure.message }];
      return { ok: false, checks: checks, failure: failure, proven: null };
    }
  }

  // A promise that settles after the current task, so a page can paint "verifying…" first.
  const later = (work) => new Promise((resolve) => setTimeout(() => resolve(work()), 0));

  root.HelioVerify = Object.freeze({
    verifyStatement: (statement, registryAddress) => later(() => runStatement(statement, registryAddress)),
    verifyAggregate: (aggregate, registryAddress) => later(() => runAggregate(aggregate, registryAddress)),
    // A signed checkpoint note on its own: {ok, treeSize, rootHash, timestamp} or {ok: false, failure}.
    verifyCheckpoint(note, origin, registryAddress) {
      try {
        const cp = checkCheckpoint(note, origin, registryAddress);
        return {
          ok: true, treeSize: cp.size.toString(), rootHash: bytesToHex(cp.root), timestamp: cp.timestamp.toString(),
          failure: null,
        };
      } catch (error) {
        return { ok: false, failure: failureOf(error) };
      }
    },
    // Primitives (synchronous; bytes are Uint8Array, or arrays of numbers, or strings taken as UTF-8).
    keccak256: keccak256,
    sha256: sha256,
    recoverAddress: recoverAddress,
    addressOfSecretKey: addressOfSecretKey,
    eip55: eip55,
    eip191Digest: eip191Digest,
    leafHash: leafHash,
    nodeHash: nodeHash,
    rootFromInclusionProof: rootFromInclusionProof,
    verifyInclusion: verifyInclusion,
    entryBytes: entryBytes,
    beneficiaryCommitment: beneficiaryCommitment,
    hexToBytes: hexToBytes,
    bytesToHex: bytesToHex,
    base64Encode: base64Encode,
    base64Decode: base64Decode,
    parseJSON: parseJSON,
  });
})(typeof window !== "undefined" ? window : globalThis);
