// PcscApi over libpcsclite: each call is the SCard function of the same name.
#include "drivers/smartcard/pcsc_api.hpp"

#include <PCSC/winscard.h>

namespace ow::drivers::smartcard {
namespace {

class SystemPcsc final : public PcscApi {
 public:
  long establish_context(Context& context) override {
    SCARDCONTEXT ctx = 0;
    const LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &ctx);
    context = static_cast<Context>(ctx);
    return rv;
  }
  long release_context(Context context) override { return SCardReleaseContext(static_cast<SCARDCONTEXT>(context)); }
  long cancel(Context context) override { return SCardCancel(static_cast<SCARDCONTEXT>(context)); }

  long list_readers(Context context, std::vector<std::string>& readers) override {
    const auto ctx = static_cast<SCARDCONTEXT>(context);
    readers.clear();
    DWORD len = 0;
    LONG rv = SCardListReaders(ctx, nullptr, nullptr, &len);
    if (rv != SCARD_S_SUCCESS) return rv;
    std::string buf(len, '\0');
    rv = SCardListReaders(ctx, nullptr, buf.data(), &len);
    if (rv != SCARD_S_SUCCESS) return rv;
    // A multi-string: "a\0b\0\0".
    for (const char* p = buf.c_str(); p < buf.data() + buf.size() && *p; p += readers.back().size() + 1) readers.emplace_back(p);
    return rv;
  }

  long get_status_change(Context context, unsigned long timeout_ms, std::span<ReaderState> states) override {
    std::vector<SCARD_READERSTATE> st(states.size());
    for (std::size_t i = 0; i < states.size(); ++i) {
      st[i].szReader = states[i].reader.c_str();
      st[i].dwCurrentState = states[i].current;
    }
    const LONG rv = SCardGetStatusChange(static_cast<SCARDCONTEXT>(context), timeout_ms, st.data(), static_cast<DWORD>(st.size()));
    for (std::size_t i = 0; i < states.size(); ++i) states[i].event = st[i].dwEventState;
    return rv;
  }

  long connect(Context context, const std::string& reader, Card& card, unsigned long& protocol) override {
    SCARDHANDLE h = 0;
    DWORD proto = 0;
    const LONG rv = SCardConnect(static_cast<SCARDCONTEXT>(context), reader.c_str(), SCARD_SHARE_EXCLUSIVE,
                                 SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &h, &proto);
    card = static_cast<Card>(h);
    protocol = proto;
    return rv;
  }

  long transmit(Card card, unsigned long protocol, std::span<const std::uint8_t> apdu, std::vector<std::uint8_t>& response) override {
    const SCARD_IO_REQUEST* pci = protocol == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
    response.assign(258, 0);
    DWORD len = static_cast<DWORD>(response.size());
    const LONG rv = SCardTransmit(static_cast<SCARDHANDLE>(card), pci, apdu.data(), static_cast<DWORD>(apdu.size()), nullptr,
                                  response.data(), &len);
    response.resize(rv == SCARD_S_SUCCESS ? len : 0);
    return rv;
  }

  long disconnect(Card card) override { return SCardDisconnect(static_cast<SCARDHANDLE>(card), SCARD_LEAVE_CARD); }
};

}  // namespace

std::shared_ptr<PcscApi> system_pcsc() {
  static const auto api = std::make_shared<SystemPcsc>();
  return api;
}

}  // namespace ow::drivers::smartcard
