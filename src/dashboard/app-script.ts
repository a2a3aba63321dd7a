import { JSONRPC } from "../jsonrpc-codes.js";
import { VIEW_SCRIPT } from "./view-script.js";

/** The view resource the page redraws itself from (the MCP server's VIEW_URI). */
export const APP_VIEW_URI = "asynctool://episode/view";
/** The MCP Apps protocol version this page speaks (ext-apps' LATEST_PROTOCOL_VERSION). */
export const APPS_PROTOCOL_VERSION = "2026-01-26";
/** Real time between two reads of the view while the episode runs. */
export const APP_POLL_MS = 1000;

/**
 * The MCP App page's script, inline (a view is one self-contained document, and loads nothing):
 * the view side of the MCP Apps protocol (SEP-1865), JSON-RPC over postMessage with the host,
 * written by hand so that nothing is bundled. It starts with `ui/initialize`, then, if the host
 * forwards resource reads (`serverResources`), reads the view resource through it once a second
 * while the episode runs, and at once whenever the host shows it a tool result; it stops at the
 * episode's end or when the host tears the view down. Messages from anything but the host
 * window are ignored. A session is drawn by VIEW_SCRIPT, the dashboard's own drawing.
 */
export const APP_SCRIPT = `(function(){
"use strict";
${VIEW_SCRIPT}var VIEW_URI=${JSON.stringify(APP_VIEW_URI)},POLL_MS=${APP_POLL_MS};
var nextId=1,pending={},timer=null,reading=false,again=false,following=false,ended=false;
function status(text){$("status").textContent=text;}
function send(message){window.parent.postMessage(message,"*");}
function notify(method,params){send({jsonrpc:"2.0",method:method,params:params});}
function request(method,params){
  var id=nextId++;
  send({jsonrpc:"2.0",id:id,method:method,params:params});
  return new Promise(function(resolve,reject){pending[id]={resolve:resolve,reject:reject};});
}
function sizeChanged(){
  var d=document.documentElement;
  notify("ui/notifications/size-changed",{width:Math.ceil(d.scrollWidth),height:Math.ceil(d.scrollHeight)});
}
function schedule(){clearTimeout(timer);if(following&&!ended)timer=setTimeout(refresh,POLL_MS);}
function refresh(){
  if(!following)return;
  // One read at a time; a tool result during a read asks for one more right after it.
  if(reading){again=true;return;}
  reading=true;clearTimeout(timer);
  request("resources/read",{uri:VIEW_URI}).then(function(result){
    var content=result&&result.contents&&result.contents[0];
    if(!content||typeof content.text!=="string")throw new Error("the host returned no view");
    var v=JSON.parse(content.text);
    if(!v.row){status("The episode starts with the client's first call.");return;}
    drawView(v);ended=v.ended;
    status(ended?"Ended":"Live");
  }).catch(function(error){
    status("Not updated: "+((error&&error.message)||"the host could not read the view")+". Trying again…");
  }).then(function(){
    reading=false;sizeChanged();
    if(again){again=false;refresh();}else schedule();
  });
}
window.addEventListener("message",function(event){
  if(event.source!==window.parent)return;
  var m=event.data;
  if(!m||typeof m!=="object"||m.jsonrpc!=="2.0")return;
  if(m.method===undefined){
    var p=pending[m.id];if(!p)return;delete pending[m.id];
    if(m.error)p.reject(new Error(String(m.error.message)));else p.resolve(m.result);
    return;
  }
  // A job tool's result: something may have changed, so read the view now (a new episode too).
  if(m.method==="ui/notifications/tool-result"){ended=false;refresh();return;}
  if(m.id===undefined)return;
  if(m.method==="ui/resource-teardown"){following=false;clearTimeout(timer);send({jsonrpc:"2.0",id:m.id,result:{}});return;}
  if(m.method==="ping"){send({jsonrpc:"2.0",id:m.id,result:{}});return;}
  send({jsonrpc:"2.0",id:m.id,error:{code:${JSONRPC.METHOD_NOT_FOUND},message:"Method not found: "+String(m.method)}});
});
status("Connecting to the host…");
request("ui/initialize",{appInfo:{name:"asynctool-episode",version:"1"},appCapabilities:{},protocolVersion:${JSON.stringify(APPS_PROTOCOL_VERSION)}}).then(function(result){
  notify("ui/notifications/initialized",{});
  var caps=(result&&result.hostCapabilities)||{};
  if(!caps.serverResources){status("This host does not forward resource reads: the page shows the session as it was when it opened.");sizeChanged();return;}
  following=true;refresh();
},function(error){status("The host did not start the page: "+error.message);});
})();
`;
