#ifndef HELIO_CSECP256K1_SHIM_H
#define HELIO_CSECP256K1_SHIM_H
/* libsecp256k1 (Debian 0.2.0) with the recovery module used by Ethereum signatures. */
#include <secp256k1.h>
#include <secp256k1_recovery.h>
#endif
