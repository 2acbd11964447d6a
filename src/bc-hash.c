#include <openssl/evp.h>

#include "bc-hash.h"

struct _BcSha256 {
  EVP_MD_CTX *ctx;
};

BcSha256 *
bc_sha256_new (void)
{
  BcSha256 *sha = g_new0 (BcSha256, 1);

  sha->ctx = EVP_MD_CTX_new ();
  /* allocation failure of a few bytes: GLib aborts in the same case */
  if (sha->ctx == NULL || EVP_DigestInit_ex (sha->ctx, EVP_sha256 (), NULL) != 1)
    g_error ("cannot initialise SHA-256");
  return sha;
}

void
bc_sha256_update (BcSha256 *sha, const guint8 *data, gsize len)
{
  if (len > 0 && EVP_DigestUpdate (sha->ctx, data, len) != 1)
    g_error ("SHA-256 update failed");
}

char *
bc_sha256_finish (BcSha256 *sha)
{
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  GString *hex = g_string_sized_new (64);

  if (EVP_DigestFinal_ex (sha->ctx, digest, &len) != 1)
    g_error ("SHA-256 final failed");
  for (unsigned int i = 0; i < len; i++)
    g_string_append_printf (hex, "%02x", digest[i]);
  return g_string_free (hex, FALSE);
}

void
bc_sha256_free (BcSha256 *sha)
{
  if (sha == NULL)
    return;
  EVP_MD_CTX_free (sha->ctx);
  g_free (sha);
}

char *
bc_sha256_bytes (GBytes *bytes)
{
  g_autoptr (BcSha256) sha = bc_sha256_new ();
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  bc_sha256_update (sha, data, len);
  return bc_sha256_finish (sha);
}
