/* Chantra widget loader: stable URL, short cache. It puts a box next to its own <script> tag (or
   into the element named by data-target) and loads the content-hashed bundle, which renders it. */
(function () {
  "use strict";
  var s = document.currentScript;
  if (!s || !s.src) return;
  var box = document.createElement("div");
  box.setAttribute("data-chantra-widget", "");
  box.setAttribute("data-lang", s.getAttribute("data-lang") === "en" ? "en" : "th");
  var ministry = s.getAttribute("data-ministry");
  if (ministry) box.setAttribute("data-ministry", ministry);
  box.setAttribute("data-api", new URL("../", s.src).href);
  var target = s.getAttribute("data-target") && document.getElementById(s.getAttribute("data-target"));
  if (target) target.appendChild(box);
  else s.parentNode.insertBefore(box, s.nextSibling);
  var bundle = document.createElement("script");
  bundle.src = new URL("__BUNDLE__", s.src).href;
  bundle.async = true;
  (document.head || document.body).appendChild(bundle);
})();
