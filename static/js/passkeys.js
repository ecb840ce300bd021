// After django-otp-webauthn's script registers a passkey, go where the button says: the
// recovery codes after a first set-up, or the list of passkeys (templates/admin/includes/
// passkey_register.html). The library only shows "Registration successful!".
document.addEventListener("otp_webauthn.register_complete", (event) => {
  const button = event.target.closest("[data-after-passkey]");
  if (button) {
    window.location.assign(button.dataset.afterPasskey);
  }
});
