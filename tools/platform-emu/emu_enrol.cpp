#include "tools/platform-emu/emu_enrol.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

namespace ow::emu {

namespace {
using json = nlohmann::json;

template <class T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using ReqPtr = std::unique_ptr<X509_REQ, Deleter<X509_REQ, X509_REQ_free>>;
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

Answer refuse(int status, const std::string& code, const std::string& message) {
  return Answer{status, json{{"error", code}, {"message", message}}.dump()};
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

BioPtr memory_bio(const std::string& text) {
  return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

std::string common_name(X509_NAME* name) {
  char cn[256] = {0};
  if (X509_NAME_get_text_by_NID(name, NID_commonName, cn, sizeof cn) < 0) return {};
  return cn;
}

bool add_extension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (!ext) return false;
  const bool ok = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return ok;
}
}  // namespace

struct Enroller::Keys {
  X509Ptr ca;
  KeyPtr ca_key;
};

Enroller::Enroller(std::unique_ptr<Keys> keys, EnrolOptions options, std::string ca_pem, std::string catalog_key)
    : keys_(std::move(keys)), options_(std::move(options)), ca_pem_(std::move(ca_pem)), catalog_key_(std::move(catalog_key)) {}

Enroller::~Enroller() = default;

std::unique_ptr<Enroller> Enroller::open(const EnrolOptions& options, std::string& error) {
  auto keys = std::make_unique<Keys>();
  const std::string ca_pem = slurp(options.ca_cert), key_pem = slurp(options.ca_key);
  keys->ca.reset(PEM_read_bio_X509(memory_bio(ca_pem).get(), nullptr, nullptr, nullptr));
  keys->ca_key.reset(PEM_read_bio_PrivateKey(memory_bio(key_pem).get(), nullptr, nullptr, nullptr));
  if (!keys->ca || !keys->ca_key) {
    error = "cannot read the enrolment CA certificate or key (" + options.ca_cert.string() + ", " + options.ca_key.string() + ")";
    return nullptr;
  }
  if (X509_check_private_key(keys->ca.get(), keys->ca_key.get()) != 1) {
    error = "the enrolment CA key does not belong to its certificate";
    return nullptr;
  }
  std::string catalog_key = slurp(options.catalog_pubkey);
  while (!catalog_key.empty() && std::isspace(static_cast<unsigned char>(catalog_key.back()))) catalog_key.pop_back();
  if (!std::regex_match(catalog_key, std::regex("[0-9a-fA-F]{64}"))) {
    error = "--catalog-pubkey must name a file holding a 32-byte Ed25519 key in hex";
    return nullptr;
  }
  if (options.token.empty()) {
    error = "enrolment needs --enrol-token: kiosks present it to be trusted";
    return nullptr;
  }
  return std::unique_ptr<Enroller>(new Enroller(std::move(keys), options, ca_pem, catalog_key));
}

Answer Enroller::enrol(const std::string& kiosk_id, const std::string& authorization, const std::string& body) {
  const std::string expected = "Bearer " + options_.token;
  if (authorization.size() != expected.size() || CRYPTO_memcmp(authorization.data(), expected.data(), expected.size()) != 0) {
    ++refused_;
    return refuse(401, "unauthorized", "enrolment token missing or wrong");
  }
  const json request = json::parse(body, nullptr, false);
  if (!request.is_object() || !request.contains("csr") || !request["csr"].is_string() ||
      request.value("kiosk_id", std::string()) != kiosk_id)
    return refuse(422, "bad_request", "the body must be {kiosk_id, csr} naming the kiosk of the URL");

  const std::string csr_pem = request["csr"].get<std::string>();
  ReqPtr req(PEM_read_bio_X509_REQ(memory_bio(csr_pem).get(), nullptr, nullptr, nullptr));
  if (!req) return refuse(422, "bad_csr", "the CSR is not PEM");
  KeyPtr pub(X509_REQ_get_pubkey(req.get()));
  if (!pub || X509_REQ_verify(req.get(), pub.get()) != 1) return refuse(422, "bad_csr", "the CSR's signature does not verify");
  // The certificate's CN is what the platform later trusts as the kiosk id: it must be this one.
  if (common_name(X509_REQ_get_subject_name(req.get())) != kiosk_id)
    return refuse(422, "bad_csr", "the CSR's common name is not the kiosk id");

  X509Ptr cert(X509_new());
  BIGNUM* serial = BN_new();
  ASN1_INTEGER* serial_asn1 = nullptr;
  const bool serial_ok = serial && BN_rand(serial, 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1 &&
                         (serial_asn1 = BN_to_ASN1_INTEGER(serial, nullptr)) != nullptr &&
                         X509_set_serialNumber(cert.get(), serial_asn1) == 1;
  BN_free(serial);
  ASN1_INTEGER_free(serial_asn1);
  X509* ca = keys_->ca.get();
  const bool ok = serial_ok && X509_set_version(cert.get(), 2) == 1 &&
                  X509_set_subject_name(cert.get(), X509_REQ_get_subject_name(req.get())) == 1 &&
                  X509_set_issuer_name(cert.get(), X509_get_subject_name(ca)) == 1 &&
                  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -300) != nullptr &&
                  X509_time_adj_ex(X509_getm_notAfter(cert.get()), options_.days, 0, nullptr) != nullptr &&
                  X509_set_pubkey(cert.get(), pub.get()) == 1 &&
                  add_extension(cert.get(), ca, NID_basic_constraints, "critical,CA:FALSE") &&
                  add_extension(cert.get(), ca, NID_key_usage, "critical,digitalSignature") &&
                  add_extension(cert.get(), ca, NID_ext_key_usage, "clientAuth") &&
                  X509_sign(cert.get(), keys_->ca_key.get(), EVP_sha256()) > 0;
  if (!ok) return refuse(500, "signing", "the CA could not sign the certificate");
  BioPtr out(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(out.get(), cert.get());
  char* data = nullptr;
  const long len = BIO_get_mem_data(out.get(), &data);
  ++issued_;
  return Answer{201, json{{"certificate", std::string(data, static_cast<std::size_t>(len))},
                          {"ca_certificate", ca_pem_},
                          {"catalog_public_key", catalog_key_}}
                         .dump()};
}

Answer Enroller::stats() const { return Answer{200, json{{"issued", issued_.load()}, {"refused", refused_.load()}}.dump()}; }

}  // namespace ow::emu
