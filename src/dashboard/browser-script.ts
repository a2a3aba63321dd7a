import { VIEW_SCRIPT } from "./view-script.js";

/**
 * The dashboard's script, served as a file (/dashboard/assets/dashboard.js) so that the pages'
 * Content-Security-Policy can forbid inline scripts. Plain browser JavaScript, no library.
 *
 * Events arrive as Server-Sent Events read through fetch, not EventSource: EventSource cannot
 * send the Authorization header, and the token must stay out of URLs. The token, when the server
 * asks for one (401), is entered once and kept in sessionStorage. Everything a recording holds is
 * set with textContent; the only markup inserted is the timeline's SVG, which the server's
 * renderer drew with every recorded string escaped. A session is drawn by VIEW_SCRIPT, which
 * the MCP App page shares.
 */
export const BROWSER_SCRIPT = `(function(){
"use strict";
var KEY="asynctool-dashboard-token";
var kind=document.body.getAttribute("data-page");
${VIEW_SCRIPT}function token(){try{return sessionStorage.getItem(KEY)||"";}catch(e){return "";}}
function headers(){var t=token();return t?{"Authorization":"Bearer "+t}:{};}
function status(text){var s=$("status");if(s)s.textContent=text;}
var starter=null;
function askToken(message){
  var box=$("auth");box.hidden=false;$("auth-message").textContent=message;status("Waiting for the token");
  $("token").focus();
}
$("token-form").addEventListener("submit",function(e){
  e.preventDefault();var value=$("token").value.trim();$("token").value="";
  try{sessionStorage.setItem(KEY,value);}catch(err){}
  $("auth").hidden=true;if(starter)starter();
});
function follow(path,onEvent,onEnd){
  starter=function(){follow(path,onEvent,onEnd);};
  fetch(path,{headers:headers(),cache:"no-store"}).then(function(res){
    if(res.status===401){askToken(token()?"The server refused this token; enter it again.":"Enter the token the server was started with.");return;}
    if(!res.ok){return res.json().catch(function(){return {};}).then(function(body){status((body&&body.message)||("The server answered "+res.status+"."));});}
    status("Live");
    var reader=res.body.getReader(),decoder=new TextDecoder(),buffer="";
    function dispatch(block){
      var name="message",data=[];
      block.split("\\n").forEach(function(line){
        if(line.indexOf("event:")===0)name=line.slice(6).trim();
        else if(line.indexOf("data:")===0)data.push(line.slice(5).replace(/^ /,""));
      });
      if(data.length)onEvent(name,JSON.parse(data.join("\\n")));
    }
    function pump(){
      return reader.read().then(function(chunk){
        if(chunk.done){onEnd();return;}
        buffer+=decoder.decode(chunk.value,{stream:true});
        var at;
        while((at=buffer.indexOf("\\n\\n"))>=0){dispatch(buffer.slice(0,at));buffer=buffer.slice(at+2);}
        return pump();
      });
    }
    return pump();
  }).catch(function(){status("Disconnected; retrying…");setTimeout(function(){follow(path,onEvent,onEnd);},2000);});
}
function sessionHref(id){return "/dashboard/sessions/"+encodeURIComponent(id);}
if(kind==="list"){
  var body=document.querySelector("#sessions tbody");
  follow("/dashboard/api/sessions",function(name,data){
    if(name!=="sessions")return;
    $("empty").hidden=data.rows.length>0;
    body.textContent="";
    data.rows.forEach(function(r){
      var tr=document.createElement("tr");tr.className=r.live?"live":"ended";tr.setAttribute("data-session",r.id);
      var first=cell(tr,"");var a=document.createElement("a");a.href=sessionHref(r.id);a.textContent=r.id.slice(0,8);a.title=r.id;first.appendChild(a);
      cell(tr,r.scenario).title=r.title;cell(tr,r.client);cell(tr,r.mode);cell(tr,r.clock);cell(tr,r.elapsed,"num");
      cell(tr,r.answered+"/"+r.tasks,"num");cell(tr,r.succeeded===null?"—":r.succeeded+"/"+r.tasks,"num");cell(tr,r.optimality,"num");
      cell(tr,r.problem?("cannot be scored: "+r.problem):r.end,r.problem?"bad":"");
      body.appendChild(tr);
    });
  },function(){status("Disconnected; retrying…");setTimeout(starter,2000);});
}
if(kind==="session"){
  var id=decodeURIComponent(location.pathname.replace(/^\\/dashboard\\/sessions\\//,""));
  var ended=false;
  follow("/dashboard/api/sessions/"+encodeURIComponent(id),function(name,v){
    if(name!=="view")return;
    drawView(v);document.title="asynctool · "+v.row.scenario;
    if(v.ended){ended=true;$("report").hidden=false;status("Ended");}
  },function(){if(!ended){status("Disconnected; retrying…");setTimeout(starter,2000);}});
  $("report-link").addEventListener("click",function(e){
    e.preventDefault();
    fetch("/dashboard/api/sessions/"+encodeURIComponent(id)+"/report-ticket",{headers:headers(),cache:"no-store"})
      .then(function(res){return res.json();})
      .then(function(body){if(body.ticket)location.assign("/dashboard/report/"+encodeURIComponent(body.ticket));else status(body.message||"No report.");});
  });
}
})();
`;
