// The festival follows the kind of campaign (元旦春节送温暖 → 春节 …) unless the officer chose one.
(function () {
  const kind = document.getElementById("id_kind"), festival = document.getElementById("id_festival_code");
  const title = document.getElementById("id_title"), map = {spring: "chunjie", duanwu: "duanwu", zhongqiu: "zhongqiu"};
  if (!kind || !festival) { return; }
  kind.addEventListener("change", function () {
    festival.value = map[kind.value] || "";
    if (title && !title.value) {
      title.value = new Date().getFullYear() + "年" + kind.options[kind.selectedIndex].text;
    }
  });
})();
