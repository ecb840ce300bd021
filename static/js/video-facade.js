// Swap the video facade for the player only when the reader asks for it: until then nothing
// is requested from the video host. Without JavaScript, the link opens the video's own page.
document.addEventListener("click", (event) => {
  const link = event.target.closest(".video-facade-link[data-embed]");
  if (!link) return;
  event.preventDefault();
  const iframe = document.createElement("iframe");
  iframe.src = link.dataset.embed;
  iframe.title = link.dataset.title;
  iframe.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
  iframe.referrerPolicy = "strict-origin-when-cross-origin";
  link.replaceWith(iframe);
  iframe.focus();
});
